import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const CODES = ['IST0130', 'IST0131'];

function virtualService(name: string, spec: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts: [cart]
${spec}`;
}

function findingsOf(yaml: string) {
  return analyzeFiles({ 'vs.yaml': yaml }).filter((f) => CODES.includes(f.code));
}

describe('schemavalidation analyzers', () => {
  describe('CollectionValidationAnalyzer', () => {
    it('IST0130 + IST0131 when a rule only repeats earlier matches (names ignored)', () => {
      const findings = findingsOf(
        virtualService(
          'dup',
          `  http:
  - name: first
    match:
    - name: api
      uri: {prefix: /api}
    route: [{destination: {host: cart}}]
  - name: second
    match:
    - uri: {prefix: /api}
    route: [{destination: {host: cart}}]
`,
        ),
      );
      assert.deepEqual(summary(findings), [
        'IST0130 VirtualService shop/dup',
        'IST0131 VirtualService shop/dup',
      ]);
      assert.deepEqual(
        findings.map((f) => [f.code, f.text, f.line]),
        [
          ['IST0131', 'uri', 15],
          ['IST0130', 'match', 14],
        ],
      );
      assert.match(findings[1]!.message, /"second" is never used/);
    });

    it('IST0130 for a second catch-all rule, in tcp and tls routes too', () => {
      const findings = findingsOf(
        virtualService(
          'tcp',
          `  tcp:
  - route: [{destination: {host: cart}}]
  - route: [{destination: {host: cart-v2}}]
  tls:
  - match: [{port: 443, sniHosts: [cart]}]
    route: [{destination: {host: cart}}]
  - match: [{sniHosts: [cart], port: 443}]
    route: [{destination: {host: cart}}]
`,
        ),
      );
      assert.deepEqual(summary(findings), [
        'IST0130 VirtualService shop/tcp',
        'IST0130 VirtualService shop/tcp',
        'IST0131 VirtualService shop/tcp',
      ]);
      assert.deepEqual(
        findings.map((f) => [f.code, f.text, f.line]),
        [
          ['IST0130', 'route', 9],
          ['IST0131', 'sniHosts', 13],
          ['IST0130', 'match', 13],
        ],
      );
    });

    it('IST0131 when an earlier URI prefix match covers a later one, at the prefix', () => {
      const findings = findingsOf(
        virtualService(
          'overlap',
          `  http:
  - match:
    - uri: {prefix: /shop}
      method: {exact: GET}
    route: [{destination: {host: cart}}]
  - match:
    - uri: {prefix: /shop/cart}
    route: [{destination: {host: cart}}]
`,
        ),
      );
      assert.deepEqual(summary(findings), ['IST0131 VirtualService shop/overlap']);
      assert.deepEqual([findings[0]!.text, findings[0]!.line], ['/shop/cart', 13]);
    });

    it('quiet for distinct matches, different methods and a single trailing catch-all', () => {
      const findings = findingsOf(
        virtualService(
          'ok',
          `  http:
  - match:
    - uri: {prefix: /shop}
      method: {exact: POST}
    - uri: {prefix: /cart}
      headers: {x-user: {exact: admin}}
    route: [{destination: {host: cart}}]
  - match:
    - uri: {prefix: /shop/cart}
    - uri: {prefix: /cart}
    route: [{destination: {host: cart}}]
  - route: [{destination: {host: cart}}]
`,
        ),
      );
      assert.deepEqual(summary(findings), []);
    });
  });
});
