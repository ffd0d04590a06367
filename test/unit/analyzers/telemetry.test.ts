import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

/** A Telemetry; `spec` is the YAML of its spec, indented by two. */
function telemetry(name: string, namespace: string, spec: string): string {
  return `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;
}

function pod(name: string, namespace: string, labels: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: ${labels}
spec:
  containers:
  - {name: app, image: app:1}
`;
}

const METRICS = `  metrics:
  - providers:
    - name: prometheus
`;

function where(findings: readonly TestFinding[], code: string): [string, string][] {
  return findings.filter((f) => f.code === code).map((f): [string, string] => [f.resource, f.text]);
}

describe('telemetry analyzers', () => {
  describe('SelectorAnalyzer', () => {
    it('reports selectors matching no pod of their namespace (IST0101) and pods selected twice (IST0159)', () => {
      const findings = analyzeFiles({
        'pods.yaml': [
          pod('reviews', 'shop', '{app: reviews, tier: web}'),
          pod('cart', 'other', '{app: cart}'),
        ].join('---\n'),
        'a.yaml': telemetry('by-app', 'shop', `  selector:\n    matchLabels: {app: reviews}\n${METRICS}`),
        'b.yaml': telemetry('by-tier', 'shop', `  selector:\n    matchLabels: {tier: web}\n${METRICS}`),
        'c.yaml': telemetry('cart', 'shop', `  selector:\n    matchLabels: {app: cart}\n${METRICS}`),
      });
      assert.deepEqual(where(findings, 'IST0101'), [['shop/cart', 'cart']]);
      assert.match(findings.find((f) => f.code === 'IST0101')!.message, /namespace shop.*app=cart/);
      assert.deepEqual(where(findings, 'IST0159'), [
        ['shop/by-app', 'selector'],
        ['shop/by-tier', 'selector'],
      ]);
      assert.match(
        findings.find((f) => f.resource === 'shop/by-app' && f.code === 'IST0159')!.message,
        /shop\/by-tier/,
      );
    });

    it('accepts one Telemetry per pod, and ignores Telemetries without selector', () => {
      const findings = analyzeFiles({
        'pods.yaml': pod('reviews', 'shop', '{app: reviews}'),
        'a.yaml': telemetry('by-app', 'shop', `  selector:\n    matchLabels: {app: reviews}\n${METRICS}`),
        'b.yaml': telemetry('default', 'shop', METRICS),
      });
      assert.deepEqual(summary(findings, ['IST0101', 'IST0159']), []);
    });
  });

  describe('DefaultSelectorAnalyzer', () => {
    it('reports IST0160 on every namespace-wide Telemetry of a namespace that has several', () => {
      const findings = analyzeFiles({
        'a.yaml': telemetry('one', 'shop', METRICS),
        'b.yaml': telemetry('two', 'shop', METRICS),
        'c.yaml': telemetry('alone', 'other', METRICS),
      });
      assert.deepEqual(where(findings, 'IST0160'), [
        ['shop/one', 'spec'],
        ['shop/two', 'spec'],
      ]);
      assert.match(findings.find((f) => f.resource === 'shop/one')!.message, /shop\/two/);
    });

    it('does not count Telemetries with a selector or targetRefs', () => {
      const findings = analyzeFiles({
        'a.yaml': telemetry('default', 'shop', METRICS),
        'b.yaml': telemetry('app', 'shop', `  selector:\n    matchLabels: {app: web}\n${METRICS}`),
        'c.yaml': telemetry(
          'gw',
          'shop',
          `  targetRefs:\n  - {kind: Gateway, group: gateway.networking.k8s.io, name: gw}\n${METRICS}`,
        ),
      });
      assert.deepEqual(summary(findings, ['IST0160']), []);
    });
  });

  describe('ProviderAnalyzer', () => {
    const logging = telemetry(
      'logs',
      'istio-system',
      `  accessLogging:
  - providers:
    - name: envoy
  - filter:
      expression: response.code >= 400
  - disabled: true
`,
    );

    it('reports IST0157 on an access-logging entry without provider when the mesh has no default', () => {
      const findings = analyzeFiles({ 't.yaml': logging });
      assert.deepEqual(where(findings, 'IST0157'), [['istio-system/logs', 'filter']]);
    });

    it('accepts it when the mesh config has a default access-logging provider', () => {
      const findings = analyzeFiles(
        { 't.yaml': logging },
        { meshConfig: 'defaultProviders:\n  accessLogging: [envoy]\n' },
      );
      assert.deepEqual(summary(findings, ['IST0157']), []);
    });
  });

  describe('LightstepAnalyzer', () => {
    const tracing = telemetry(
      'tracing',
      'istio-system',
      `  tracing:
  - providers:
    - name: otel
    - name: ls
`,
    );
    const meshConfig = `extensionProviders:
- name: ls
  lightstep: {service: lightstep.monitoring.svc.cluster.local, port: 443, accessToken: x}
- name: otel
  opentelemetry: {service: otel.monitoring.svc.cluster.local, port: 4317}
`;

    it('reports IST0002 on a tracing provider the mesh config defines as lightstep', () => {
      const findings = analyzeFiles({ 't.yaml': tracing }, { meshConfig });
      assert.deepEqual(where(findings, 'IST0002'), [['istio-system/tracing', 'ls']]);
    });

    it('is silent when no lightstep provider is defined', () => {
      assert.deepEqual(summary(analyzeFiles({ 't.yaml': tracing }), ['IST0002']), []);
    });
  });
});
