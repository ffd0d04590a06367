/**
 * deployment.ApplicationUIDAnalyzer — IST0144 InvalidApplicationUID: a Pod or Deployment whose pod
 * `securityContext.runAsUser`, or an application container's, is 1337: the UID the sidecar proxy runs
 * as, whose traffic iptables lets bypass the proxy. The `istio-proxy` and `istio-operator` containers,
 * and Istio control plane workloads (label `istio`, or `release: istio`), are exempt. One finding per
 * resource, at the first offending field; the others are listed as related.
 */
import type { Analyzer, FieldPath, RelatedRef } from '../../analysis/analyzer';
import { ISTIO_PROXY, containersOf, labelsOf } from '../../mesh/sidecar-injection';
import { get, type MeshResource } from '../../workspace/resource';

/** The UID reserved for the injected proxy. */
const PROXY_UID = 1337;
const EXEMPT_CONTAINERS = new Set([ISTIO_PROXY, 'istio-operator']);

export const applicationUidAnalyzer: Analyzer = {
  name: 'deployment.ApplicationUIDAnalyzer',
  analyze(ctx, report) {
    const targets: [MeshResource, FieldPath][] = [
      ...ctx.index.ofKind('Pod', '').map((r): [MeshResource, FieldPath] => [r, ['spec']]),
      ...ctx.index
        .ofKind('Deployment', 'apps')
        .map((r): [MeshResource, FieldPath] => [r, ['spec', 'template', 'spec']]),
    ];
    for (const [resource, specPath] of targets) {
      if (isControlPlane(resource)) continue;
      const [first, ...others] = proxyUidFields(resource, specPath);
      if (!first) continue;
      const related: RelatedRef[] = others.map((path) => ({
        resource,
        path,
        message: `runAsUser ${PROXY_UID} here too`,
      }));
      report({
        message: 'InvalidApplicationUID',
        resource,
        path: first,
        text:
          `${resource.kind} ${resource.name} runs application code as UID ${PROXY_UID}, the UID reserved for the ` +
          `Istio sidecar proxy: its outbound traffic bypasses the proxy. Use another runAsUser.`,
        related,
      });
    }
  },
};

/** Labels `istio` (any value) or `release: istio` mark control plane workloads. */
function isControlPlane(resource: MeshResource): boolean {
  const labels = labelsOf(resource);
  return 'istio' in labels || labels.release === 'istio';
}

/** Paths of the `runAsUser: 1337` fields of the pod spec at `specPath` (pod level first, then containers). */
function proxyUidFields(resource: MeshResource, specPath: FieldPath): FieldPath[] {
  const spec = get(resource.value, ...specPath);
  const out: FieldPath[] = [];
  if (get(spec, 'securityContext', 'runAsUser') === PROXY_UID)
    out.push([...specPath, 'securityContext', 'runAsUser']);
  for (const { container, field, index } of containersOf(spec, false)) {
    if (EXEMPT_CONTAINERS.has(String(container.name))) continue;
    if (get(container, 'securityContext', 'runAsUser') === PROXY_UID) {
      out.push([...specPath, field, index, 'securityContext', 'runAsUser']);
    }
  }
  return out;
}
