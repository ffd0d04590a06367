import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

const pointed = (findings: TestFinding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => [f.resource, f.line, f.text]);

const service = (name: string, namespace: string, extra: string, ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
${extra}spec:
  selector: {app: ${name}}
  ports:
${ports}`;

describe('service analyzers', () => {
  describe('PortNameAnalyzer', () => {
    it('IST0118 on ports whose name or appProtocol names no protocol, pointing at that field', () => {
      const svc = service(
        'web',
        'shop',
        '',
        `  - name: web
    port: 8080
  - port: 8081
  - name: http-ok
    appProtocol: magic
    port: 8082
`,
      );
      const findings = analyzeFiles({ 'svc.yaml': svc });
      assert.deepEqual(pointed(findings, 'IST0118'), [
        ['shop/web', 8, 'web'],
        ['shop/web', 10, '8081'],
        ['shop/web', 12, 'magic'],
      ]);
      assert.match(findings[0]!.message, /'web' \(port 8080\)/);
    });

    it('accepts protocol-prefixed names, appProtocols, UDP and well-known ports; skips system and control-plane Services', () => {
      const ok = service(
        'web',
        'shop',
        '',
        `  - name: http-web
    port: 8080
  - name: GRPC-Web-api
    port: 8081
  - name: anything
    appProtocol: kubernetes.io/h2c
    port: 8082
  - name: dns
    protocol: UDP
    port: 5353
  - name: db
    port: 3306
`,
      );
      const system = service('dns', 'kube-system', '', '  - name: dns\n    port: 53\n  - port: 9153\n');
      const istiod = service('istiod', 'istio-system', '  labels: {istio: pilot}\n', '  - port: 15010\n');
      const findings = analyzeFiles({ 'a.yaml': ok, 'b.yaml': system, 'c.yaml': istiod });
      assert.deepEqual(summary(findings, ['IST0118', 'IST0150']), []);
    });

    it('IST0150 on ExternalName Services with an unprotocolled or plain tcp port name', () => {
      const external = (name: string, portName: string) =>
        service(
          name,
          'shop',
          '',
          `  - name: ${portName}
    port: 443
`,
        ).replace('spec:\n', 'spec:\n  type: ExternalName\n  externalName: api.example.com\n');
      const findings = analyzeFiles({
        'a.yaml': external('plain', 'tcp'),
        'b.yaml': external('custom', 'api'),
        'c.yaml': external('good', 'https'),
      });
      assert.deepEqual(pointed(findings, 'IST0150'), [
        ['shop/plain', 10, 'tcp'],
        ['shop/custom', 10, 'api'],
      ]);
      assert.deepEqual(summary(findings, ['IST0118']), []);
    });
  });
});
