import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const CODES = ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'];

function envoyFilter(name: string, spec: string): string {
  return `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}`;
}

const INSERT_LUA = `  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND
      proxy: {proxyVersion: '^1\\.2.*'}
    patch:
      operation: INSERT_BEFORE
      value: {name: envoy.lua}
`;

describe('envoyfilter analyzers', () => {
  it('EnvoyPatchAnalyzer: flags misused operations and relative ones without priority, at the operation', () => {
    const text = envoyFilter(
      'patches',
      `  configPatches:
${INSERT_LUA}  - applyTo: HTTP_FILTER
    patch:
      operation: REPLACE
      value: {name: envoy.lua}
  - applyTo: HTTP_ROUTE
    patch:
      operation: ADD
      value: {name: route}
  - applyTo: ROUTE_CONFIGURATION
    patch:
      operation: REMOVE
  - applyTo: CLUSTER
    patch:
      operation: REPLACE
      value: {name: c}
  - applyTo: NETWORK_FILTER
    patch:
      operation: REMOVE
`,
    );
    const findings = analyzeFiles({ 'ef.yaml': text }).filter((f) => CODES.includes(f.code));
    assert.deepEqual(summary(findings), [
      'IST0151 EnvoyFilter shop/patches',
      'IST0152 EnvoyFilter shop/patches',
      'IST0153 EnvoyFilter shop/patches',
      'IST0154 EnvoyFilter shop/patches',
      'IST0155 EnvoyFilter shop/patches',
    ]);
    // One finding per message, at the first patch at fault (0-based lines): the INSERT_BEFORE, the
    // REPLACE of envoy.lua that the proxyVersion-scoped patch also patches, the ADD, the REMOVE and
    // the REPLACE on CLUSTER. The later REMOVE on NETWORK_FILTER is related to the IST0151 finding.
    assert.deepEqual(
      findings.map((f) => [f.code, f.text, f.line]),
      [
        ['IST0151', 'INSERT_BEFORE', 12],
        ['IST0155', 'REPLACE', 16],
        ['IST0153', 'ADD', 20],
        ['IST0154', 'REMOVE', 24],
        ['IST0152', 'REPLACE', 27],
      ],
    );
    assert.match(findings[4]!.message, /REPLACE to CLUSTER/);
  });

  it('EnvoyPatchAnalyzer: quiet for absolute operations and for relative ones with a priority', () => {
    const absolute = envoyFilter(
      'absolute',
      `  configPatches:
  - applyTo: HTTP_FILTER
    patch:
      operation: INSERT_FIRST
      value: {name: envoy.lua}
  - applyTo: CLUSTER
    patch:
      operation: ADD
      value: {name: lua_cluster}
  - applyTo: FILTER_CHAIN
    patch:
      operation: MERGE
      value: {name: tls}
`,
    );
    const prioritized = envoyFilter('prioritized', `  priority: 10\n  configPatches:\n${INSERT_LUA}`);
    const findings = analyzeFiles({ 'a.yaml': absolute, 'b.yaml': prioritized });
    assert.deepEqual(summary(findings, CODES), []);
  });
});
