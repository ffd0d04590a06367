import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

describe('deprecation analyzers', () => {
  describe('FieldAnalyzer', () => {
    it('reports fault.delay.percent, Sidecar egressProxy and removed Istio CRDs at the field', () => {
      const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - fault:
      delay:
        percent: 50
        fixedDelay: 5s
    route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: shop
spec:
  outboundTrafficPolicy:
    mode: REGISTRY_ONLY
    egressProxy:
      host: egress.example
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: serviceroles.rbac.istio.io
spec:
  group: rbac.istio.io
  names: {kind: ServiceRole, plural: serviceroles}
  scope: Namespaced
`;
      const findings = analyzeFiles({ 'a.yaml': yaml }).filter((f) => f.code === 'IST0002');
      assert.deepEqual(
        findings.map((f) => [f.kind, f.resource, f.line, f.text]),
        [
          ['VirtualService', 'shop/reviews', 10, '50'],
          ['Sidecar', 'shop/default', 23, 'egressProxy'],
          ['CustomResourceDefinition', 'serviceroles.rbac.istio.io', 32, 'ServiceRole'],
        ],
      );
    });

    it('accepts percentage, sidecars without egressProxy and other CRDs', () => {
      const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - fault:
      delay:
        percentage: {value: 50}
        fixedDelay: 5s
    route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: authorizationpolicies.security.istio.io
spec:
  group: security.istio.io
  names: {kind: AuthorizationPolicy, plural: authorizationpolicies}
  scope: Namespaced
`;
      assert.deepEqual(summary(analyzeFiles({ 'a.yaml': yaml }), ['IST0002']), []);
    });
  });
});
