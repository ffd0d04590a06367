import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

/** `[resource, text pointed at]` of the findings with `code`. */
function pointed(findings: readonly TestFinding[], code: string): [string, string][] {
  return findings.filter((f) => f.code === code).map((f) => [f.resource, f.text]);
}

function gateway(name: string, selector: string, servers: string, namespace = 'edge'): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
${selector
  .split(',')
  .map((kv) => `    ${kv.replace('=', ': ')}`)
  .join('\n')}
  servers:
${servers}
`;
}

function httpServer(port: number, host: string, extra = ''): string {
  return `  - port: {number: ${port}, name: p${port}, protocol: HTTP}
    hosts: ["${host}"]${extra}
`;
}

function tlsServer(host: string, credentialName: string): string {
  return `  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["${host}"]
    tls: {mode: SIMPLE, credentialName: ${credentialName}}
`;
}

const EDGE_WORKLOAD = `apiVersion: v1
kind: Pod
metadata:
  name: edge-gw-1
  namespace: edge
  labels: {app: edge-gw, tier: edge}
---
apiVersion: v1
kind: Service
metadata:
  name: edge-gw
  namespace: edge
spec:
  selector: {app: edge-gw}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: https, port: 443, protocol: TCP}
  - {name: dns, port: 53, protocol: UDP}
`;

/** A self-signed certificate valid for 100 years, and one that expired in February 2020 (made with openssl). */
const VALID_CERT =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtakNDQVVHZ0F3SUJBZ0lVSStEanYySTV4Q0hDc3VxRFR6cXF3azM0YlJN' +
  'd0NnWUlLb1pJemowRUF3SXcKSWpFZ01CNEdBMVVFQXd3WGJXVnphSGR5YVdkb2RDMTBaWE4wTG1WNFlXMXdiR1V3SUJjTk1qWXhN' +
  'VEl5TURNeApNelUyV2hnUE1qRXlOakV3TWprd016RXpOVFphTUNJeElEQWVCZ05WQkFNTUYyMWxjMmgzY21sbmFIUXRkR1Z6CmRD' +
  'NWxlR0Z0Y0d4bE1Ga3dFd1lIS29aSXpqMENBUVlJS29aSXpqMERBUWNEUWdBRVVYcVZiNXNIdTlUUGVhUk8KVTF3Nm4xOG1pdnlq' +
  'OHR3T2VPbVg3SlU1NG9pdTcrZHYydkRJOW1KY20vZGZVNUkvcFVyc2Vtc0VqVVpMOG51ZQpEU0JHWTZOVE1GRXdIUVlEVlIwT0JC' +
  'WUVGSUJBdkYwOGJNUmFONjNmaG5ZYkFzS3RxZlFCTUI4R0ExVWRJd1FZCk1CYUFGSUJBdkYwOGJNUmFONjNmaG5ZYkFzS3RxZlFC' +
  'TUE4R0ExVWRFd0VCL3dRRk1BTUJBZjh3Q2dZSUtvWkkKemowRUF3SURSd0F3UkFJZ1VQRUc0S3JnMEhWRStwakozSjNZcFhoamZC' +
  'M2pxSk9UWUlMV0RoQ3pzRDhDSUJ3dAptTzFhUDJxcDN2K2gxYXdvWi92cXdndkhnT25XeUtrYk9kTUpyUk9ECi0tLS0tRU5EIENF' +
  'UlRJRklDQVRFLS0tLS0K';
const EXPIRED_CERT =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJHakNCd2dJQkFUQUtCZ2dxaGtqT1BRUURBakFhTVJnd0ZnWURWUVFEREE5' +
  'bGVIQnBjbVZrTG1WNFlXMXcKYkdVd0hoY05NakF3TVRBeE1EQXdNREF3V2hjTk1qQXdNakF4TURBd01EQXdXakFhTVJnd0ZnWURW' +
  'UVFEREE5bAplSEJwY21Wa0xtVjRZVzF3YkdVd1dUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFRYUVhTkE0YjkzCnRo' +
  'UFRtMSs2NkdRTVZ4VGhGMGdiUDkvTTFZSy90cVgyWTR3UENucGVaeFB2Zkd3ZjNIdjlpUnlsQmlDSGlsQ0UKQTRHUnMrUUZ6N2hW' +
  'TUFvR0NDcUdTTTQ5QkFNQ0EwY0FNRVFDSUd1eTZLaVV3ejVYcHovT2IwK0pBYUpLTVcrdQpaOURkNm9PcXdxV1Avb1MyQWlBWDlj' +
  'NXB5VTV3emw1ZDBRQVhBVytNNlhzaTFvanp1T05QbDdvUFRrdkNHZz09Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';

function tlsSecret(name: string, data: Record<string, string>, namespace = 'istio-system'): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: ${namespace}
type: kubernetes.io/tls
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${v}`)
  .join('\n')}
`;
}

/** A key is only checked for presence: any non-empty value will do. */
const KEY = 'bm90IGEgcmVhbCBrZXkK';

describe('gateway analyzers', () => {
  describe('IngressGatewayPortAnalyzer', () => {
    it('IST0162 on a server port no Service of the gateway pods exposes (as port or target port)', () => {
      const gw = gateway(
        'web',
        'app=edge-gw',
        httpServer(80, 'a.example.com') + httpServer(8080, 'b.example.com') + httpServer(53, 'c.example.com'),
      );
      const findings = analyzeFiles({ 'workload.yaml': EDGE_WORKLOAD, 'gw.yaml': gw });
      // 80 is the Service port, 8080 its target port; 53 is only exposed over UDP.
      assert.deepEqual(pointed(findings, 'IST0162'), [['edge/web', '53']]);
      assert.match(findings.find((f) => f.code === 'IST0162')!.message, /Port 53 .*edge\/edge-gw/);
      assert.deepEqual(summary(findings, ['IST0101']), []);
    });

    it('IST0101 on the selector when no pod matches it', () => {
      const gw = gateway('web', 'app=typo', httpServer(80, 'a.example.com'));
      const findings = analyzeFiles({ 'workload.yaml': EDGE_WORKLOAD, 'gw.yaml': gw });
      assert.deepEqual(pointed(findings, 'IST0101'), [['edge/web', 'selector']]);
      assert.match(findings.find((f) => f.code === 'IST0101')!.message, /app=typo/);
      assert.deepEqual(summary(findings, ['IST0162']), []);
    });

    it("uses istioctl's default ingress gateway in istio-system, unless the mesh turns ingress off", () => {
      const gw = gateway(
        'web',
        'istio=ingressgateway',
        httpServer(80, 'a.example.com') + httpServer(15443, 'b.example.com'),
      );
      assert.deepEqual(summary(analyzeFiles({ 'gw.yaml': gw }), ['IST0101', 'IST0162']), []);
      const off = analyzeFiles({ 'gw.yaml': gw }, { meshConfig: 'ingressControllerMode: "OFF"\n' });
      assert.deepEqual(summary(off, ['IST0101', 'IST0162']), ['IST0101 Gateway edge/web']);
    });
  });

  describe('SecretAnalyzer', () => {
    it('IST0101 when the credential is not in the namespace of the gateway workload', () => {
      const gw = gateway('web', 'app=edge-gw', tlsServer('a.example.com', 'web-cert'));
      const secret = tlsSecret('web-cert', { 'tls.crt': VALID_CERT, 'tls.key': KEY }, 'istio-system');
      const findings = analyzeFiles({ 'workload.yaml': EDGE_WORKLOAD, 'gw.yaml': gw, 'secret.yaml': secret });
      assert.deepEqual(pointed(findings, 'IST0101'), [['edge/web', 'web-cert']]);
      assert.match(findings.find((f) => f.code === 'IST0101')!.message, /edge\/web-cert/);
    });

    it('IST0161 on expired certificates, non-PEM content and missing keys', () => {
      const gw = gateway(
        'web',
        'istio=ingressgateway',
        tlsServer('a.example.com', 'expired') +
          tlsServer('b.example.com', 'garbage') +
          tlsServer('c.example.com', 'no-key'),
      );
      const secrets = [
        tlsSecret('expired', { 'tls.crt': EXPIRED_CERT, 'tls.key': KEY }),
        tlsSecret('garbage', { cert: 'aGVsbG8K', key: KEY }),
        tlsSecret('no-key', { 'tls.crt': VALID_CERT }),
      ].join('---\n');
      const findings = analyzeFiles({ 'gw.yaml': gw, 'secrets.yaml': secrets });
      assert.deepEqual(pointed(findings, 'IST0161'), [
        ['edge/web', 'expired'],
        ['edge/web', 'garbage'],
        ['edge/web', 'no-key'],
      ]);
      const messages = findings.filter((f) => f.code === 'IST0161').map((f) => f.message);
      assert.match(messages[0]!, /expired on 2020-02-01/);
      assert.match(messages[1]!, /'cert' is not a PEM-encoded certificate/);
      assert.match(messages[2]!, /found: tls.crt/);
    });

    it('accepts a valid credential in the gateway workload namespace', () => {
      const gw = gateway('web', 'istio=ingressgateway', tlsServer('a.example.com', 'good'));
      const secret = tlsSecret('good', { 'tls.crt': VALID_CERT, 'tls.key': KEY });
      const findings = analyzeFiles({ 'gw.yaml': gw, 'secret.yaml': secret });
      assert.deepEqual(summary(findings, ['IST0101', 'IST0161']), []);
    });
  });

  describe('ConflictingGatewayAnalyzer', () => {
    it('IST0145 on both Gateways serving the same host and port on one workload', () => {
      const a = gateway('a', 'app=edge-gw', httpServer(80, 'shop.example.com'));
      const b = gateway(
        'b',
        'tier=edge',
        httpServer(81, 'x.example.com') + httpServer(80, 'shop.example.com'),
        'other',
      );
      const findings = analyzeFiles({ 'workload.yaml': EDGE_WORKLOAD, 'gws.yaml': `${a}---\n${b}` });
      // Different selectors, but both pick pod edge/edge-gw-1.
      assert.deepEqual(pointed(findings, 'IST0145'), [
        ['edge/a', '"shop.example.com"'],
        ['other/b', '"shop.example.com"'],
      ]);
      assert.match(findings.find((f) => f.resource === 'edge/a')!.message, /other\/b.*port 80/);
    });

    it('no conflict on another port, another bind address, or another workload', () => {
      const files = {
        'workload.yaml': EDGE_WORKLOAD,
        'gws.yaml': [
          gateway('a', 'app=edge-gw', httpServer(80, 'shop.example.com')),
          gateway('b', 'app=edge-gw', httpServer(8080, 'shop.example.com')),
          gateway('c', 'app=edge-gw', httpServer(80, 'shop.example.com', '\n    bind: 10.0.0.1')),
          gateway('d', 'app=other-gw', httpServer(80, 'shop.example.com')),
        ].join('---\n'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0145']), []);
    });

    it('reads Gateways inside a List document', () => {
      const list = `apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: Gateway
  metadata: {name: in-list, namespace: edge}
  spec:
    selector: {app: edge-gw}
    servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: [shop.example.com]
`;
      const gw = gateway('a', 'app=edge-gw', httpServer(80, 'shop.example.com'));
      const findings = analyzeFiles({ 'workload.yaml': EDGE_WORKLOAD, 'gw.yaml': gw, 'list.yaml': list });
      const inList = findings.find((f) => f.code === 'IST0145' && f.resource === 'edge/in-list');
      assert.deepEqual([inList?.file, inList?.text, inList?.line], ['list.yaml', 'shop.example.com', 10]);
    });
  });

  describe('CertificateAnalyzer', () => {
    it('IST0138 when Gateways on the same workload share a credential', () => {
      const a = gateway('a', 'istio=ingressgateway', tlsServer('a.example.com', 'shared-cert'));
      const b = gateway('b', 'istio=ingressgateway', tlsServer('b.example.com', 'shared-cert'));
      // c applies to a subset of the workloads of a and b: it reports, they do not report c.
      const c = gateway('c', 'istio=ingressgateway,type=internal', tlsServer('c.example.com', 'other-cert'));
      const d = gateway('d', 'istio=ingressgateway,type=internal', tlsServer('d.example.com', 'other-cert'));
      const e = gateway('e', 'istio=ingressgateway', tlsServer('e.example.com', 'other-cert'));
      const findings = analyzeFiles({ 'gws.yaml': [a, b, c, d, e].join('---\n') });
      assert.deepEqual(pointed(findings, 'IST0138'), [
        ['edge/a', 'shared-cert'],
        ['edge/b', 'shared-cert'],
        ['edge/c', 'other-cert'],
        ['edge/d', 'other-cert'],
        ['edge/e', 'other-cert'],
      ]);
      assert.match(findings.find((f) => f.resource === 'edge/e')!.message, /'other-cert'.*edge\/c, edge\/d/);
    });

    it('no finding for distinct credentials or Gateways on disjoint workloads', () => {
      const a = gateway('a', 'istio=ingressgateway', tlsServer('a.example.com', 'a-cert'));
      const b = gateway('b', 'istio=ingressgateway', tlsServer('b.example.com', 'b-cert'));
      const c = gateway('c', 'istio=internal', tlsServer('c.example.com', 'a-cert'));
      assert.deepEqual(summary(analyzeFiles({ 'gws.yaml': [a, b, c].join('---\n') }), ['IST0138']), []);
    });
  });
});
