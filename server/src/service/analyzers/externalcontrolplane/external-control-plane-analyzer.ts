/**
 * externalcontrolplane.ExternalControlPlaneAnalyzer — checks the client config of istio's webhooks
 * (ValidatingWebhookConfigurations `istiod-default-validator` / `istio-validator*`, and
 * MutatingWebhookConfigurations `istio-sidecar-injector*`), which point at the control plane:
 *
 * - IST0163 InvalidExternalControlPlaneConfig: a webhook has neither a URL nor a service, or its URL
 *   cannot be parsed or has no host name.
 * - IST0164 ExternalControlPlaneAddressIsNotAHostname: the URL's host is an IP address (the external
 *   control plane should be reached by a host name its certificate is issued for).
 *
 * istioctl also resolves the host name through DNS; analysis here is offline and does not.
 */
import type { Analyzer, FieldPath, Finding } from '../../analysis/analyzer';
import { asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

const GROUP = 'admissionregistration.k8s.io';
const DEFAULT_VALIDATOR = 'istiod-default-validator';
const VALIDATOR_PREFIX = 'istio-validator';
const INJECTOR_PREFIX = 'istio-sidecar-injector';

export const externalControlPlaneAnalyzer: Analyzer = {
  name: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  analyze(ctx, report) {
    for (const config of ctx.index.ofKind('ValidatingWebhookConfiguration', GROUP)) {
      if (config.name === DEFAULT_VALIDATOR || config.name.startsWith(VALIDATOR_PREFIX)) {
        checkWebhooks(config, report);
      }
    }
    for (const config of ctx.index.ofKind('MutatingWebhookConfiguration', GROUP)) {
      if (config.name.startsWith(INJECTOR_PREFIX)) checkWebhooks(config, report);
    }
  },
};

function checkWebhooks(config: MeshResource, report: (finding: Finding) => void): void {
  asArray(get(config.value, 'webhooks')).forEach((hook, i) => {
    const finding = checkClientConfig(config, asRecord(hook), i);
    if (finding) report(finding);
  });
}

function checkClientConfig(
  config: MeshResource,
  hook: Record<string, unknown>,
  i: number,
): Finding | undefined {
  const hookName = asString(hook.name) ?? `#${i}`;
  const clientConfig = asRecord(hook.clientConfig);
  const url = clientConfig.url;
  if (url === undefined || url === null) {
    if (clientConfig.service !== undefined && clientConfig.service !== null) return undefined;
    return {
      message: 'InvalidExternalControlPlaneConfig',
      resource: config,
      path: blankAddressPath(hook, i),
      text: `Webhook ${hookName} has no control plane address: clientConfig sets neither a url nor a service.`,
    };
  }
  const path = ['webhooks', i, 'clientConfig', 'url'];
  const host = hostOf(String(url));
  if (host === undefined) {
    return {
      message: 'InvalidExternalControlPlaneConfig',
      resource: config,
      path,
      text: `The url '${String(url)}' of webhook ${hookName} is not a valid URL with a host name.`,
    };
  }
  if (isIpAddress(host)) {
    return {
      message: 'ExternalControlPlaneAddressIsNotAHostname',
      resource: config,
      path,
      text:
        `The url of webhook ${hookName} addresses the control plane by the IP address ${host}; ` +
        `use a host name (one the istiod certificate is issued for), so the address can change.`,
    };
  }
  return undefined;
}

/** The empty `url:` when written, else the `clientConfig` (or the webhook) that lacks one. */
function blankAddressPath(hook: Record<string, unknown>, i: number): FieldPath {
  if (!('clientConfig' in hook)) return ['webhooks', i];
  return 'url' in asRecord(hook.clientConfig)
    ? ['webhooks', i, 'clientConfig', 'url']
    : ['webhooks', i, 'clientConfig'];
}

/** The host of a URL, or undefined when it does not parse or has none. */
function hostOf(url: string): string | undefined {
  if (!url.trim()) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** WHATWG URLs give IPv4 hosts in dotted-decimal form and IPv6 hosts in brackets. */
function isIpAddress(host: string): boolean {
  return /^\[.*\]$/.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}
