/**
 * gateway.SecretAnalyzer — checks the Secrets Gateways name in `tls.credentialName`. Like istiod, it
 * looks for the Secret in the namespace of the gateway workload (the first pod the selector picks),
 * not in the Gateway's own namespace; `namespace/name` credential names are taken as written.
 *
 * - IST0101 (ReferencedResourceNotFound) when the Secret does not exist (not reported when connected
 *   to a cluster: its snapshot carries no Secrets). A selector that picks no pod is left to
 *   gateway.IngressGatewayPortAnalyzer, which reports it once for both.
 * - IST0161 (InvalidGatewayCredential) when the Secret lacks `tls.crt`/`tls.key` (or `cert`/`key`),
 *   or its certificate is not PEM/X.509 or is outside its validity period.
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { ofKindWithListItems } from '../../mesh/list-items';
import { runtimePods, type RuntimePod } from '../../mesh/runtime-objects';
import { asString, type MeshResource } from '../../workspace/resource';
import { gatewaySelector, gatewayServers, istioGateways, podsSelectedBy } from './gateway-spec';
import { credentialProblem } from './tls-credential';

export const secretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  analyze(ctx, report) {
    const pods = runtimePods(ctx);
    const secrets = ofKindWithListItems(ctx.index, 'Secret', '');
    const now = new Date();
    // The live snapshot carries no Secrets: when connected, a Secret missing from the files may exist.
    const reportMissing = !ctx.cluster;
    for (const gw of istioGateways(ctx.index))
      checkGateway(secrets, gw, pods, { now, reportMissing }, report);
  },
};

function checkGateway(
  secrets: readonly MeshResource[],
  gw: MeshResource,
  pods: readonly RuntimePod[],
  opts: { now: Date; reportMissing: boolean },
  report: (f: Finding) => void,
): void {
  const selector = gatewaySelector(gw);
  const workload = podsSelectedBy(selector, pods)[0];
  // A selector that picks no pod is reported once, by gateway.IngressGatewayPortAnalyzer.
  if (!workload) return;
  for (const server of gatewayServers(gw)) {
    const credentialName = asString(server.tls?.credentialName);
    if (!credentialName) continue;
    const path = ['spec', 'servers', server.index, 'tls', 'credentialName'];
    const ref = secretRef(workload.namespace, credentialName);
    const secret = secrets.find((s) => s.namespace === ref.namespace && s.name === ref.name);
    if (!secret) {
      if (!opts.reportMissing) continue;
      report({
        message: 'ReferencedResourceNotFound',
        resource: gw,
        path,
        text: `Referenced credentialName not found: no Secret ${ref.namespace}/${ref.name} (credentials are read from the namespace of the gateway workload, ${workload.namespace})`,
      });
      continue;
    }
    const problem = credentialProblem(secret, opts.now);
    if (!problem) continue;
    report({
      message: 'InvalidGatewayCredential',
      resource: gw,
      path,
      text: `Secret ${ref.namespace}/${ref.name} cannot serve as this gateway's TLS credential: ${problem}`,
      related: [{ resource: secret, message: `Secret ${ref.namespace}/${ref.name}: ${problem}` }],
    });
  }
}

/** `name` in the gateway workload's namespace, or an explicit `namespace/name`. */
function secretRef(namespace: string, credentialName: string): { namespace: string; name: string } {
  const slash = credentialName.indexOf('/');
  return slash < 0
    ? { namespace, name: credentialName }
    : { namespace: credentialName.slice(0, slash), name: credentialName.slice(slash + 1) };
}
