import * as assert from 'node:assert/strict';
import { analyzeFiles, summary, type TestFinding } from '../../helpers/analysis';

/** [resource, text pointed at] of the findings with `code`. */
function at(findings: readonly TestFinding[], code: string): [string, string][] {
  return findings.filter((f) => f.code === code).map((f) => [f.resource, f.text]);
}

const ns = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${
  Object.keys(labels).length
    ? `  labels:\n${Object.entries(labels)
        .map(([k, v]) => `    ${k}: ${v}`)
        .join('\n')}\n`
    : ''
}---
`;

const pod = (name: string, namespace: string, extra = '', proxyImage?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
${extra}spec:
  containers:
  - name: app
    image: example/app:1
${proxyImage ? `  - name: istio-proxy\n    image: ${proxyImage}\n` : ''}---
`;

const injectorConfigMap = (name: string, values: Record<string, unknown>) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: istio-system
data:
  values: '${JSON.stringify(values)}'
---
`;

const PROXY_VALUES = { global: { hub: 'docker.io/istio', tag: '1.22.0', proxy: { image: 'proxyv2' } } };

describe('injection analyzers', () => {
  describe('Analyzer', () => {
    it('reports unlabeled namespaces, conflicting labels and pods missing their sidecar', () => {
      const files = {
        'ns.yaml':
          ns('plain') +
          ns('both', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }) +
          ns('sidecar-and-ambient', { 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' }) +
          ns('apps', { 'istio-injection': 'enabled' }),
        'pods.yaml': pod('bare', 'apps'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(at(findings, 'IST0102'), [['plain', 'plain']]);
      assert.deepEqual(at(findings, 'IST0123'), [
        ['both', 'enabled'],
        ['sidecar-and-ambient', 'canary'],
      ]);
      assert.deepEqual(at(findings, 'IST0103'), [['apps/bare', 'containers']]);
      assert.match(findings.find((f) => f.code === 'IST0103')!.message, /namespace apps is enabled/);
    });

    it('leaves opted-out namespaces and pods, ambient namespaces and injected pods alone', () => {
      const files = {
        'ns.yaml':
          ns('off', { 'istio-injection': 'disabled' }) +
          ns('ambient', { 'istio.io/dataplane-mode': 'ambient' }) +
          ns('kube-system') +
          ns('istio-system') +
          ns('apps', { 'istio.io/rev': 'stable' }),
        'pods.yaml':
          pod('injected', 'apps', '', 'docker.io/istio/proxyv2:1.22.0') +
          pod('opt-out', 'apps', '  labels:\n    sidecar.istio.io/inject: "false"\n') +
          pod('opt-out-anno', 'apps', '  annotations:\n    sidecar.istio.io/inject: "False"\n') +
          pod('uninjected-ns', 'off'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0102', 'IST0103', 'IST0123', 'IST0148']), []);
    });

    it('reports IST0148 instead of IST0102 when the injector enables namespaces by default', () => {
      const files = {
        'ns.yaml': ns('plain'),
        'cm.yaml': injectorConfigMap('istio-sidecar-injector', {
          sidecarInjectorWebhook: { enableNamespacesByDefault: true },
        }),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(at(findings, 'IST0148'), [['plain', 'plain']]);
      assert.deepEqual(at(findings, 'IST0102'), []);
    });
  });

  describe('ImageAnalyzer', () => {
    it('reports a namespace whose pods run another proxy image than the injector injects', () => {
      const files = {
        'cm.yaml': injectorConfigMap('istio-sidecar-injector', PROXY_VALUES),
        'ns.yaml': ns('apps', { 'istio-injection': 'enabled' }),
        'pods.yaml':
          pod('old', 'apps', '', 'docker.io/istio/proxyv2:1.21.0') +
          pod('up-to-date', 'apps', '', 'docker.io/istio/proxyv2:1.22.0'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(at(findings, 'IST0158'), [['apps', 'enabled']]);
      const message = findings.find((f) => f.code === 'IST0158')!.message;
      assert.match(message, /pod old /);
      assert.match(message, /docker\.io\/istio\/proxyv2:1\.22\.0/);
      assert.doesNotMatch(message, /up-to-date/);
    });

    it('accepts current images, the configured image type, pinned images and uninjected namespaces', () => {
      const files = {
        'cm.yaml':
          injectorConfigMap('istio-sidecar-injector', PROXY_VALUES) +
          injectorConfigMap('istio-sidecar-injector-canary', {
            global: { proxy: { image: 'registry.example/proxy:canary' } },
          }),
        'ns.yaml':
          ns('apps', { 'istio-injection': 'enabled' }) +
          ns('canary', { 'istio.io/rev': 'canary' }) +
          ns('outside'),
        'pc.yaml': `apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata:
  name: distroless
  namespace: apps
spec:
  image:
    imageType: distroless
`,
        'pods.yaml':
          pod('variant', 'apps', '', 'docker.io/istio/proxyv2:1.22.0-distroless') +
          pod(
            'pinned',
            'apps',
            '  annotations:\n    sidecar.istio.io/proxyImage: my/proxy:1\n',
            'my/proxy:1',
          ) +
          pod('canary', 'canary', '', 'registry.example/proxy:canary') +
          pod('outside', 'outside', '', 'docker.io/istio/proxyv2:1.0.0'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0158']), []);
    });
  });

  describe('ImageAutoAnalyzer', () => {
    const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-sidecar-injector
webhooks:
- name: namespace.sidecar-injector.istio.io
  clientConfig:
    service: {name: istiod, namespace: istio-system}
  namespaceSelector:
    matchLabels:
      istio-injection: enabled
---
`;
    const deployment = (name: string, namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: gw}
  template:
    metadata:
      labels: {app: gw}
    spec:
      containers:
      - name: istio-proxy
        image: auto
---
`;

    it('reports image: auto on pods, and on deployments no istio webhook selects', () => {
      const files = {
        'webhook.yaml': webhook,
        'ns.yaml': ns('plain'),
        'workloads.yaml': deployment('gw', 'plain') + pod('direct', 'plain', '', 'auto'),
      };
      const findings = analyzeFiles(files);
      assert.deepEqual(at(findings, 'IST0146'), [['plain/gw', 'auto']]);
      assert.deepEqual(at(findings, 'IST0147'), [['plain/direct', 'auto']]);
    });

    it('accepts image: auto on a deployment in a namespace the istio webhook injects', () => {
      const files = {
        'webhook.yaml': webhook,
        'ns.yaml': ns('gateways', { 'istio-injection': 'enabled' }),
        'workloads.yaml': deployment('gw', 'gateways'),
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0146', 'IST0147']), []);
    });
  });
});
