/**
 * meshwright.SidecarEgressHostAnalyzer — MW0012: a Sidecar egress host that is not of the form
 * `<namespace>/<dnsName>`. Istio's validation rejects the Sidecar when the namespace part is missing
 * (`host must be of form namespace/dnsName`), when either part is empty, and when the DNS name is a
 * short name (`short names (non FQDN) are not allowed`): write `./reviews.bookinfo.svc.cluster.local`,
 * `istio-system/*` or `*\/*` rather than `reviews` or `./reviews`.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, get } from '../../workspace/resource';

export const sidecarEgressHostAnalyzer: Analyzer = {
  name: 'meshwright.SidecarEgressHostAnalyzer',
  analyze(ctx, report) {
    for (const sidecar of ctx.index.ofKind('Sidecar', 'networking.istio.io')) {
      asArray(get(sidecar.value, 'spec', 'egress')).forEach((egress, i) => {
        asArray(get(egress, 'hosts')).forEach((value, j) => {
          if (typeof value !== 'string') return;
          const problem = egressHostProblem(value, sidecar.namespace);
          if (!problem) return;
          report({
            message: 'MW0012',
            resource: sidecar,
            path: ['spec', 'egress', i, 'hosts', j],
            text: `Egress host '${value}' ${problem}; Istio rejects the Sidecar. Egress hosts are <namespace>/<FQDN or wildcard>: '.' is the Sidecar's namespace, '*' any namespace.`,
          });
        });
      });
    }
  },
};

function egressHostProblem(value: string, namespace: string): string | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) {
    const example =
      value.includes('.') || value.includes('*') ? value : `${value}.${namespace}.svc.cluster.local`;
    return `has no namespace part (write */${example} or ./${example})`;
  }
  const ns = value.slice(0, slash);
  const host = value.slice(slash + 1);
  if (!ns || !host) return 'has an empty namespace or host part';
  if (host !== '*' && !host.includes('.') && !host.includes('/')) {
    const target = ns === '.' || ns === '*' || ns === '~' ? namespace : ns;
    return `uses the short name '${host}', which is not allowed (write ${ns}/${host}.${target}.svc.cluster.local)`;
  }
  return undefined;
}
