import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const webhookConfig = (
  name: string,
  service: string,
  selector: string,
) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
webhooks:
- name: sidecar-injector.istio.io
  clientConfig:
    service: {name: ${service}, namespace: istio-system}
  namespaceSelector:
${selector}---
`;

const ISTIOD = `apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
spec:
  ports: [{name: https-webhook, port: 443}]
`;

describe('webhook analyzers', () => {
  describe('Analyzer', () => {
    it('reports overlapping injection webhooks and webhooks calling a missing service', () => {
      const files = {
        'a.yaml': webhookConfig('injector-a', 'istiod', '    matchLabels: {istio-injection: enabled}\n'),
        'b.yaml': webhookConfig('injector-b', 'istiod-old', '    matchLabels: {istio-injection: enabled}\n'),
        'svc.yaml': ISTIOD,
      };
      const findings = analyzeFiles(files).filter((f) => f.code === 'IST0139');
      assert.deepEqual(
        findings.map((f) => [f.file, f.resource, f.text]),
        [
          ['a.yaml', 'injector-a', 'sidecar-injector.istio.io'],
          ['b.yaml', 'injector-b', 'sidecar-injector.istio.io'],
          ['b.yaml', 'injector-b', 'istiod-old'],
        ],
      );
      assert.match(findings[0]!.message, /overlaps with injector-b\/sidecar-injector\.istio\.io/);
    });

    it('accepts webhooks for disjoint namespaces and revisions, and non-Istio webhooks', () => {
      const files = {
        'a.yaml': webhookConfig(
          'injector-default',
          'istiod',
          '    matchExpressions:\n    - {key: istio-injection, operator: In, values: [enabled]}\n',
        ),
        'b.yaml': webhookConfig(
          'injector-canary',
          'istiod',
          '    matchExpressions:\n    - {key: istio-injection, operator: DoesNotExist}\n    - {key: istio.io/rev, operator: In, values: [canary]}\n',
        ),
        'other.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: cert-manager
webhooks:
- name: webhook.cert-manager.io
  clientConfig:
    service: {name: cert-manager-webhook, namespace: cert-manager}
`,
        'svc.yaml': ISTIOD,
      };
      assert.deepEqual(summary(analyzeFiles(files), ['IST0139']), []);
    });
  });
});
