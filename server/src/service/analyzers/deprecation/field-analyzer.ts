/**
 * deprecation.FieldAnalyzer — IST0002 Deprecated, for deprecated Istio fields and types still in use:
 * - VirtualService `http[].fault.delay.percent` (replaced by `percentage`);
 * - Sidecar `outboundTrafficPolicy.egressProxy` (ignored);
 * - CustomResourceDefinitions of removed Istio types (rbac.istio.io ClusterRbacConfig, RbacConfig,
 *   ServiceRole, ServiceRoleBinding).
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { asArray, asString, get, type MeshResource } from '../../workspace/resource';

type Report = (finding: Finding) => void;

/** Istio CRDs removed from the charts: group → kinds. */
const REMOVED_TYPES: Record<string, readonly string[]> = {
  'rbac.istio.io': ['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'],
};

export const fieldAnalyzer: Analyzer = {
  name: 'deprecation.FieldAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io'))
      checkVirtualService(vs, report);
    for (const sidecar of ctx.index.ofKind('Sidecar', 'networking.istio.io')) checkSidecar(sidecar, report);
    for (const crd of ctx.index.ofKind('CustomResourceDefinition', 'apiextensions.k8s.io'))
      checkCrd(crd, report);
  },
};

function checkVirtualService(vs: MeshResource, report: Report): void {
  asArray(get(vs.value, 'spec', 'http')).forEach((route, i) => {
    const percent = get(route, 'fault', 'delay', 'percent');
    if (typeof percent !== 'number' || percent <= 0) return;
    report({
      message: 'Deprecated',
      resource: vs,
      path: ['spec', 'http', i, 'fault', 'delay', 'percent'],
      text: `HTTPRoute fault.delay.percent is deprecated: use fault.delay.percentage (percentage: {value: ${percent}}).`,
    });
  });
}

function checkSidecar(sidecar: MeshResource, report: Report): void {
  if (get(sidecar.value, 'spec', 'outboundTrafficPolicy', 'egressProxy') === undefined) return;
  report({
    message: 'Deprecated',
    resource: sidecar,
    path: ['spec', 'outboundTrafficPolicy', 'egressProxy'],
    text: 'Sidecar outboundTrafficPolicy.egressProxy is deprecated and ignored by Istio: remove it.',
  });
}

function checkCrd(crd: MeshResource, report: Report): void {
  const group = asString(get(crd.value, 'spec', 'group')) ?? '';
  const kind = asString(get(crd.value, 'spec', 'names', 'kind')) ?? '';
  if (!REMOVED_TYPES[group]?.includes(kind)) return;
  report({
    message: 'Deprecated',
    resource: crd,
    path: ['spec', 'names', 'kind'],
    text: `Custom resource type ${group} ${kind} was removed from Istio: delete this CRD and migrate to AuthorizationPolicy.`,
  });
}
