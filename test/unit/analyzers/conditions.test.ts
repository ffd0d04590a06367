import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

function where(findings: readonly TestFinding[], code: string): [string, string, string][] {
  return findings
    .filter((f) => f.code === code)
    .map((f): [string, string, string] => [f.kind, f.resource, f.text]);
}

describe('conditions analyzers', () => {
  describe('ConditionAnalyzer', () => {
    it('reports IST0171 on failed istio and Gateway API conditions, at the condition status', () => {
      const yaml = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
status:
  conditions:
  - type: istio.io/WaypointBound
    status: "False"
    reason: WaypointNotFound
    message: waypoint shop/waypoint does not exist
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: shop
spec:
  parentRefs: [{name: reviews, kind: Service, group: ""}]
status:
  parents:
  - parentRef: {name: reviews}
    controllerName: istio.io/gateway-controller
    conditions:
    - {type: Accepted, status: "True", reason: Accepted}
    - {type: ResolvedRefs, status: "False", reason: BackendNotFound, message: backend missing}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: waypoint
  namespace: shop
status:
  conditions:
  - type: WaypointAccepted
    status: "True"
    reason: PartiallyInvalid
    message: "Invalid targetRefs: shop/missing"
`;
      const findings = analyzeFiles({ 'a.yaml': yaml });
      assert.deepEqual(where(findings, 'IST0171'), [
        ['Service', 'shop/reviews', '"False"'],
        ['AuthorizationPolicy', 'shop/waypoint', 'PartiallyInvalid'],
        ['HTTPRoute', 'shop/reviews', '"False"'],
      ]);
      assert.match(
        findings.find((f) => f.kind === 'HTTPRoute')!.message,
        /ResolvedRefs.*BackendNotFound.*backend missing/,
      );
    });

    it('ignores healthy conditions and conditions of other controllers', () => {
      const yaml = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
status:
  conditions:
  - {type: istio.io/WaypointBound, status: "True", reason: WaypointAccepted}
  - {type: argocd.argoproj.io/Synced, status: "False", reason: OutOfSync}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
status:
  conditions:
  - {type: Programmed, status: "True", reason: Programmed}
`;
      assert.deepEqual(summary(analyzeFiles({ 'a.yaml': yaml }), ['IST0171']), []);
    });
  });
});
