import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const REQUEST_AUTHN = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: shop
spec:
  jwtRules:
  - issuer: https://issuer.example.com
    jwksUri: https://issuer.example.com/jwks.json
`;

const istiod = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
  labels: {app: istiod}
spec:
  selector:
    matchLabels: {app: istiod}
  template:
    metadata:
      labels: {app: istiod}
    spec:
      containers:
      - name: discovery
        image: istio/pilot
        env:
        - name: PILOT_TRACE_SAMPLING
          value: "1"
${env}`;

describe('authn analyzers', () => {
  describe('BlockedCIDRsAnalyzer', () => {
    it('IST0175 on istiod without BLOCKED_CIDRS_IN_JWKS_URIS when RequestAuthentications exist, pointing at its env', () => {
      const findings = analyzeFiles({ 'ra.yaml': REQUEST_AUTHN, 'istiod.yaml': istiod('') });
      const found = findings.filter((f) => f.code === 'IST0175');
      assert.deepEqual(
        found.map((f) => [f.resource, f.line, f.text]),
        [['istio-system/istiod', 16, 'env']],
      );
      assert.match(found[0]!.message, /1 RequestAuthentication\(s\) \(shop\/jwt\)/);
    });

    it('is quiet when istiod sets the variable, or when there is no RequestAuthentication', () => {
      const configured = istiod('        - name: BLOCKED_CIDRS_IN_JWKS_URIS\n          value: 10.0.0.0/8\n');
      assert.deepEqual(
        summary(analyzeFiles({ 'ra.yaml': REQUEST_AUTHN, 'i.yaml': configured }), ['IST0175']),
        [],
      );
      assert.deepEqual(summary(analyzeFiles({ 'i.yaml': istiod('') }), ['IST0175']), []);
    });
  });
});
