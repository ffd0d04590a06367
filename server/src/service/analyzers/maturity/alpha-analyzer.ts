/**
 * maturity.AlphaAnalyzer — IST0136 AlphaAnnotation: an Istio annotation of Alpha maturity on the
 * metadata of a Namespace, Service, Pod or Deployment (alpha features may change or go away without
 * notice). Annotations Istio sets itself are not reported (`sidecar.istio.io/status`,
 * `gateway.istio.io/controller-version`, `istio.io/rev`, `ambient.istio.io/redirection`), nor, on pods
 * injected with the Istio CNI plugin (no `istio-init` init container), the traffic annotations the CNI
 * plugin adds. istioctl leaves this analyzer out of its default set because of the noise.
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { asArray, get, type MeshResource } from '../../workspace/resource';
import { annotatedResources, annotationEntries } from '../annotations/annotation-entries';
import { isIstioAnnotation, lookupAnnotation } from '../annotations/catalog';

/** Set by Istio components, never by users. */
const ALWAYS_IGNORED = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
  'ambient.istio.io/redirection',
]);

/** Set on pods by the Istio CNI plugin. */
const CNI_DEFAULTS = new Set([
  'sidecar.istio.io/interceptionMode',
  'traffic.sidecar.istio.io/includeInboundPorts',
  'traffic.sidecar.istio.io/excludeInboundPorts',
  'traffic.sidecar.istio.io/includeOutboundIPRanges',
]);

export const alphaAnalyzer: Analyzer = {
  name: 'maturity.AlphaAnalyzer',
  analyze(ctx, report) {
    for (const resource of annotatedResources(ctx.index)) checkResource(resource, report);
  },
};

function checkResource(resource: MeshResource, report: (finding: Finding) => void): void {
  const skipCniDefaults = resource.kind === 'Pod' && !hasIstioInit(resource);
  for (const [name] of annotationEntries(resource)) {
    if (!isIstioAnnotation(name) || lookupAnnotation(name)?.status !== 'Alpha') continue;
    if (ALWAYS_IGNORED.has(name) || (skipCniDefaults && CNI_DEFAULTS.has(name))) continue;
    report({
      message: 'AlphaAnnotation',
      resource,
      path: ['metadata', 'annotations', name],
      text: `Annotation ${name} is an Alpha feature: it may change or be removed without notice; avoid relying on it in production.`,
    });
  }
}

/** Pods injected without the CNI plugin carry the `istio-init` init container. */
function hasIstioInit(pod: MeshResource): boolean {
  return asArray(get(pod.value, 'spec', 'initContainers')).some((c) => get(c, 'name') === 'istio-init');
}
