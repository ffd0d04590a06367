import * as assert from 'node:assert/strict';
import { analyzeFiles, summary } from '../../helpers/analysis';

const CODES = ['IST0163', 'IST0164'];

function webhooks(kind: string, name: string, clientConfigs: string[]): string {
  const hooks = clientConfigs
    .map((cc, i) => `- name: hook${i}.istio.io\n  admissionReviewVersions: [v1]\n  clientConfig:\n${cc}`)
    .join('');
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
webhooks:
${hooks}`;
}

describe('externalcontrolplane analyzers', () => {
  it('ExternalControlPlaneAnalyzer: blank, invalid and IP webhook URLs, at the url', () => {
    const validator = webhooks('ValidatingWebhookConfiguration', 'istio-validator-remote', [
      '    url:\n',
      '    url: https://istiod.example.com:15017/validate\n',
    ]);
    const injector = webhooks('MutatingWebhookConfiguration', 'istio-sidecar-injector-remote', [
      '    url: https://10.0.0.7:15017/inject\n',
      '    url: not a url\n',
    ]);
    const findings = analyzeFiles({ 'v.yaml': validator, 'm.yaml': injector }).filter((f) =>
      CODES.includes(f.code),
    );
    assert.deepEqual(summary(findings), [
      'IST0163 MutatingWebhookConfiguration istio-sidecar-injector-remote',
      'IST0163 ValidatingWebhookConfiguration istio-validator-remote',
      'IST0164 MutatingWebhookConfiguration istio-sidecar-injector-remote',
    ]);
    assert.deepEqual(
      findings.map((f) => [f.code, f.file, f.text, f.line]),
      [
        ['IST0163', 'v.yaml', 'url', 8],
        ['IST0164', 'm.yaml', 'https://10.0.0.7:15017/inject', 8],
        ['IST0163', 'm.yaml', 'not a url', 12],
      ],
    );
    assert.match(findings[1]!.message, /10\.0\.0\.7/);
  });

  it('ExternalControlPlaneAnalyzer: quiet for host names, in-cluster services and other webhooks', () => {
    const validator = webhooks('ValidatingWebhookConfiguration', 'istiod-default-validator', [
      '    url: https://istiod.example.com:15017/validate\n',
      '    service: {name: istiod, namespace: istio-system}\n',
    ]);
    const other = webhooks('MutatingWebhookConfiguration', 'cert-manager-webhook', ['    url:\n']);
    assert.deepEqual(summary(analyzeFiles({ 'v.yaml': validator, 'o.yaml': other }), CODES), []);
  });
});
