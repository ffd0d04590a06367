import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

describe('virtualservice analyzers', () => {
  it('DestinationRuleAnalyzer: IST0101 on a subset no DestinationRule defines, pointing at the subset', () => {
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination:
        host: reviews.bookinfo.svc.cluster.local
        subset: v2
      weight: 50
    mirror: {host: reviews, subset: v3}
`;
    const findings = analyzeFiles({ 'dr.yaml': DR, 'vs.yaml': vs });
    assert.deepEqual(summary(findings, ['IST0101']), [
      'IST0101 VirtualService bookinfo/reviews',
      'IST0101 VirtualService bookinfo/reviews',
    ]);
    assert.deepEqual(
      findings.filter((f) => f.code === 'IST0101').map((f) => [f.text, f.line]),
      [
        ['v2', 13],
        ['v3', 15],
      ],
    );
  });
});
