import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop-staging
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - {name: web, image: web:1}
`;

function policy(name: string, namespace: string, spec: string): string {
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;
}

function where(findings: readonly TestFinding[], code: string): [string, string][] {
  return findings.filter((f) => f.code === code).map((f): [string, string] => [f.resource, f.text]);
}

describe('authz analyzers', () => {
  describe('AuthorizationPoliciesAnalyzer', () => {
    it('reports IST0127 on selectors and namespaces without in-mesh pods', () => {
      const findings = analyzeFiles({
        'ns.yaml': NAMESPACES,
        'pod.yaml': POD,
        'a.yaml': policy('api', 'shop', '  selector:\n    matchLabels: {app: api}\n'),
        'b.yaml': policy('staging', 'shop-staging', '  action: ALLOW\n'),
        'c.yaml': policy('mesh-api', 'istio-system', '  selector:\n    matchLabels: {app: api}\n'),
      });
      assert.deepEqual(where(findings, 'IST0127'), [
        ['shop/api', 'selector'],
        ['shop-staging/staging', 'shop-staging'],
        ['istio-system/mesh-api', 'selector'],
      ]);
      assert.match(findings.find((f) => f.resource === 'shop/api')!.message, /namespace shop.*app=api/);
    });

    it('accepts policies selecting in-mesh pods, namespace-wide policies with pods, and mesh-wide ones', () => {
      const ambientPod = `apiVersion: v1
kind: Pod
metadata:
  name: worker-1
  namespace: shop-staging
  labels: {app: worker}
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  containers:
  - {name: worker, image: worker:1}
`;
      const findings = analyzeFiles({
        'ns.yaml': NAMESPACES,
        'pod.yaml': POD,
        'ambient.yaml': ambientPod,
        'a.yaml': policy('web', 'shop', '  selector:\n    matchLabels: {app: web}\n'),
        'b.yaml': policy('all', 'shop', '  action: ALLOW\n'),
        'c.yaml': policy('worker', 'istio-system', '  selector:\n    matchLabels: {app: worker}\n'),
        'd.yaml': policy('mesh', 'istio-system', '  action: ALLOW\n'),
      });
      assert.deepEqual(summary(findings, ['IST0127']), []);
    });

    it('ignores pods outside the mesh', () => {
      const findings = analyzeFiles({
        'ns.yaml': NAMESPACES,
        'pod.yaml': POD.replace('namespace: shop', 'namespace: shop-staging'),
        'a.yaml': policy('web', 'shop-staging', '  selector:\n    matchLabels: {app: web}\n'),
      });
      assert.deepEqual(where(findings, 'IST0127'), [['shop-staging/web', 'selector']]);
    });

    it('reports IST0101 on source namespaces (and patterns) matching no Namespace', () => {
      const spec = `  selector:
    matchLabels: {app: web}
  rules:
  - from:
    - source:
        namespaces: [shop, "shop-*", "*-staging", payments]
    - source:
        notNamespaces: ["*", "pay*"]
`;
      const findings = analyzeFiles({
        'ns.yaml': NAMESPACES,
        'pod.yaml': POD,
        'a.yaml': policy('web', 'shop', spec),
      });
      assert.deepEqual(where(findings, 'IST0101'), [
        ['shop/web', 'payments'],
        ['shop/web', '"pay*"'],
      ]);
      assert.match(findings.find((f) => f.text === 'payments')!.message, /'payments'/);
    });
  });
});
