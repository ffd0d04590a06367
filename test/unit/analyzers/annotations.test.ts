import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

const CODES = ['IST0107', 'IST0108', 'IST0125', 'IST0135'];

/** `CODE resource text-pointed-at` of the annotation findings. */
function at(findings: readonly TestFinding[]): string[] {
  return findings.filter((f) => CODES.includes(f.code)).map((f) => `${f.code} ${f.resource} ${f.text}`);
}

describe('annotations analyzers', () => {
  describe('K8sAnalyzer', () => {
    it('reports unknown, deprecated, misplaced and invalid Istio annotations at their value', () => {
      const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    networking.istio.io/exportToo: "."
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    sidecar.istio.io/statsInclusionPrefixes: cluster.outbound
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: example/api}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
  annotations:
    traffic.sidecar.istio.io/excludeOutboundPorts: "80,http"
    sidecar.istio.io/interceptionMode: PROXY
spec: {containers: [{name: worker, image: example/worker}]}
`;
      assert.deepEqual(at(analyzeFiles({ 'a.yaml': yaml })), [
        'IST0108 web "."',
        'IST0135 api cluster.outbound',
        'IST0107 api cluster.outbound',
        'IST0125 worker "80,http"',
        'IST0125 worker PROXY',
      ]);
    });

    it('accepts well-placed valid annotations, Any annotations and foreign annotations', () => {
      const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: worker
  labels:
    sidecar.istio.io/inject: "true"
  annotations:
    sidecar.istio.io/inject: "true"
    traffic.sidecar.istio.io/excludeOutboundIPRanges: 10.0.0.0/8,fd00::/8
    traffic.sidecar.istio.io/includeInboundPorts: "*"
    readiness.status.sidecar.istio.io/periodSeconds: "10"
    proxy.istio.io/config: |
      holdApplicationUntilProxyStarts: true
    galley.istio.io/analyze-suppress: IST0103
    example.com/owner: team-a
spec: {containers: [{name: worker, image: example/worker}]}
---
apiVersion: v1
kind: Namespace
metadata:
  name: apps
  annotations:
    topology.istio.io/controlPlaneClusters: "*"
`;
      assert.deepEqual(summary(analyzeFiles({ 'a.yaml': yaml }), CODES), []);
    });
  });
});
