import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

/** [resource, line, text pointed at] of the findings with `code`. */
function at(findings: readonly TestFinding[], code: string): [string, number, string][] {
  return findings.filter((f) => f.code === code).map((f) => [f.resource, f.line, f.text]);
}

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio-injection: enabled
---
`;

const deployment = (name: string, app: string, templateExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
${templateExtra}    spec:
      containers:
      - name: ${app}
        image: example/${app}:1
---
`;

const service = (name: string, app: string, ports: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {app: ${app}}
  ports:
${ports}---
`;

describe('deployment analyzers', () => {
  describe('ApplicationUIDAnalyzer', () => {
    it('reports a pod or deployment running an application as UID 1337, once, at the first field', () => {
      const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: example/web:1
    securityContext:
      runAsUser: 1337
`;
      const dep = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      securityContext:
        runAsUser: 1337
      containers:
      - name: api
        image: example/api:1
        securityContext: {runAsUser: 1337}
`;
      const findings = analyzeFiles({ 'pod.yaml': pod, 'dep.yaml': dep });
      assert.deepEqual(at(findings, 'IST0144'), [
        ['web', 9, '1337'],
        ['api', 10, '1337'],
      ]);
    });

    it('accepts other UIDs, the istio-proxy container and the control plane', () => {
      const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext: {runAsUser: 1000}
  containers:
  - name: istio-proxy
    image: istio/proxyv2
    securityContext: {runAsUser: 1337}
---
apiVersion: v1
kind: Pod
metadata:
  name: istiod
  labels: {istio: pilot}
spec:
  securityContext: {runAsUser: 1337}
  containers: []
`;
      assert.deepEqual(summary(analyzeFiles({ 'pod.yaml': pod }), ['IST0144']), []);
    });
  });

  describe('ServiceAssociationAnalyzer', () => {
    it('reports services using one port with two protocols, and two ports sharing a target port', () => {
      const files = {
        'ns.yaml': NAMESPACE,
        'deploy.yaml': deployment('details', 'details') + deployment('ratings', 'ratings'),
        'svc.yaml':
          service('details-tcp', 'details', '  - {name: tcp, port: 9080, protocol: TCP}\n') +
          service('details-udp', 'details', '  - {name: udp, port: 9080, protocol: UDP}\n') +
          service('ratings-a', 'ratings', '  - {name: http, port: 80, targetPort: 8080}\n') +
          service('ratings-b', 'ratings', '  - {name: http-alt, port: 81, targetPort: 8080}\n'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(at(findings, 'IST0116'), [['shop/details', 3, 'details']]);
      assert.deepEqual(at(findings, 'IST0137'), [['shop/ratings', 19, 'ratings']]);
      assert.match(
        findings.find((f) => f.code === 'IST0116')!.message,
        /details-tcp, details-udp, .*port 9080/,
      );
      assert.match(
        findings.find((f) => f.code === 'IST0137')!.message,
        /ports 80, 81 to the same target port 8080/,
      );
    });

    it('ignores workloads out of the mesh, other namespaces and services without selector', () => {
      const files = {
        'ns.yaml': NAMESPACE,
        'deploy.yaml':
          deployment('details', 'details', '      annotations:\n        sidecar.istio.io/inject: "false"\n') +
          deployment('ratings', 'ratings'),
        'svc.yaml':
          service('details-tcp', 'details', '  - {name: tcp, port: 9080, protocol: TCP}\n') +
          service('details-udp', 'details', '  - {name: udp, port: 9080, protocol: UDP}\n') +
          service('ratings', 'ratings', '  - {name: http, port: 80, targetPort: 8080}\n') +
          service('ratings', 'ratings', '  - {name: http-alt, port: 81, targetPort: 8080}\n', 'elsewhere') +
          `apiVersion: v1
kind: Service
metadata:
  name: no-selector
  namespace: shop
spec:
  ports:
  - {name: tcp, port: 9080, protocol: UDP}
`,
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0116', 'IST0137']), []);
    });
  });
});
