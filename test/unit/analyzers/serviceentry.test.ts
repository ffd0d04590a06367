import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

function serviceEntry(name: string, namespace: string, spec: string): string {
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;
}

describe('serviceentry analyzers', () => {
  describe('ConflictingServiceEntryProtocolAnalyzer', () => {
    it('IST0177 on each ServiceEntry declaring a host and port with another protocol, at the protocol', () => {
      const https = serviceEntry(
        'api-https',
        'shop',
        '  hosts: [api.example.com]\n  ports:\n  - {name: https, number: 8443, protocol: HTTPS}\n',
      );
      const http = serviceEntry(
        'api-http',
        'shop',
        '  hosts: [api.example.com]\n  ports:\n  - {name: web, number: 80, protocol: HTTP}\n  - {name: alt, number: 8443, protocol: http}\n',
      );
      const findings = analyzeFiles({ 'a.yaml': https, 'b.yaml': http }).filter((f) => f.code === 'IST0177');
      assert.deepEqual(summary(findings), [
        'IST0177 ServiceEntry shop/api-http',
        'IST0177 ServiceEntry shop/api-https',
      ]);
      assert.deepEqual(
        findings.map((f) => [f.resource, f.text, f.line]),
        [
          ['shop/api-https', 'HTTPS', 8],
          ['shop/api-http', 'http', 9],
        ],
      );
      assert.match(findings[0]!.message, /api\.example\.com port 8443 .*HTTP, HTTPS/);
    });

    it('quiet for the same protocol in any case, and for entries visible in different namespaces', () => {
      const a = serviceEntry(
        'a',
        'ns1',
        '  hosts: [db.example.com]\n  exportTo: [.]\n  ports:\n  - {number: 5432, protocol: TCP}\n',
      );
      const b = serviceEntry(
        'b',
        'ns2',
        '  hosts: [db.example.com]\n  exportTo: [.]\n  ports:\n  - {number: 5432, protocol: HTTP}\n',
      );
      const c = serviceEntry(
        'c',
        'ns1',
        '  hosts: [web.example.com]\n  ports:\n  - {number: 443, protocol: TLS}\n',
      );
      const d = serviceEntry(
        'd',
        'ns1',
        '  hosts: [web.example.com]\n  ports:\n  - {number: 443, protocol: tls}\n',
      );
      const findings = analyzeFiles({ 'a.yaml': a, 'b.yaml': b, 'c.yaml': c, 'd.yaml': d });
      assert.deepEqual(summary(findings, ['IST0177']), []);
    });

    it('an entry exported everywhere conflicts with one exported to a single namespace', () => {
      const a = serviceEntry(
        'a',
        'ns1',
        '  hosts: [db.example.com]\n  exportTo: [.]\n  ports:\n  - {number: 5432, protocol: TCP}\n',
      );
      const b = serviceEntry(
        'b',
        'ns2',
        '  hosts: [db.example.com]\n  ports:\n  - {number: 5432, protocol: HTTP}\n',
      );
      const findings = analyzeFiles({ 'a.yaml': a, 'b.yaml': b });
      assert.deepEqual(summary(findings, ['IST0177']), [
        'IST0177 ServiceEntry ns1/a',
        'IST0177 ServiceEntry ns2/b',
      ]);
    });
  });

  describe('ProtocolAddressesAnalyzer', () => {
    const noAddresses = serviceEntry(
      'ssh',
      'ops',
      '  hosts: [bastion.example.com]\n  ports:\n  - {name: web, number: 443, protocol: HTTPS}\n  - {name: ssh, number: 22, protocol: tcp}\n  - {name: raw, number: 2222}\n',
    );

    it('IST0134 once per ServiceEntry with a TCP port and no addresses, at the first TCP port', () => {
      const findings = analyzeFiles({ 'se.yaml': noAddresses }).filter((f) => f.code === 'IST0134');
      assert.deepEqual(summary(findings), ['IST0134 ServiceEntry ops/ssh']);
      assert.deepEqual([findings[0]!.text, findings[0]!.line], ['tcp', 9]);
    });

    it('quiet with addresses, allocated addresses, HTTP-only ports or mesh auto-allocation', () => {
      const withAddresses = serviceEntry(
        'with-addresses',
        'ops',
        '  hosts: [a.example.com]\n  addresses: [240.0.0.1]\n  ports:\n  - {number: 22, protocol: TCP}\n',
      );
      const allocated = `${serviceEntry('allocated', 'ops', '  hosts: [b.example.com]\n  ports:\n  - {number: 22}\n')}status:\n  addresses:\n  - {host: b.example.com, value: 240.240.0.1}\n`;
      const httpOnly = serviceEntry(
        'http',
        'ops',
        '  hosts: [c.example.com]\n  ports:\n  - {number: 80, protocol: HTTP}\n',
      );
      const files = { 'a.yaml': withAddresses, 'b.yaml': allocated, 'c.yaml': httpOnly };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0134']), []);
      const meshConfig =
        'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n';
      assert.deepEqual(summary(analyzeFiles({ 'se.yaml': noAddresses }, { meshConfig }), ['IST0134']), []);
    });
  });
});
