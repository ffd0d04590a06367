/**
 * injection.Analyzer — sidecar injection set-up of namespaces and pods:
 * - IST0102 NamespaceNotInjected: a namespace with neither `istio-injection` nor `istio.io/rev` (and not
 *   in ambient mode), so its pods get no sidecar;
 * - IST0148 NamespaceInjectionEnabledByDefault: the same namespace when the injector ConfigMap sets
 *   `sidecarInjectorWebhook.enableNamespacesByDefault`, so its pods are injected anyway;
 * - IST0123 NamespaceMultipleInjectionLabels: `istio-injection=enabled` together with `istio.io/rev`, or
 *   either together with `istio.io/dataplane-mode=ambient`;
 * - IST0103 PodMissingProxy: a pod of an injected namespace without an `istio-proxy` container (unless
 *   it opts out with `sidecar.istio.io/inject: "false"` or runs on the host network).
 * kube-system and friends, and istio-system, are never checked.
 */
import type { Analyzer, AnalysisContext, Finding } from '../../analysis/analyzer';
import {
  DATAPLANE_MODE_AMBIENT,
  DATAPLANE_MODE_LABEL,
  INJECTION_ENABLED,
  INJECTION_LABEL,
  ISTIO_PROXY,
  ISTIO_SYSTEM_NAMESPACE,
  REVISION_LABEL,
  SIDECAR_INJECT,
  annotationsOf,
  injectorConfigMapName,
  isSystemNamespace,
  istioProxyContainer,
  labelsOf,
} from '../../mesh/sidecar-injection';
import { asRecord, asString, get, type MeshResource } from '../../workspace/resource';

type Report = (finding: Finding) => void;

export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  analyze(ctx, report) {
    const injected = new Map<string, MeshResource>();
    for (const ns of ctx.index.ofKind('Namespace', '')) {
      if (ns.name === ISTIO_SYSTEM_NAMESPACE || isSystemNamespace(ns.name)) continue;
      if (checkNamespace(ctx, ns, report)) injected.set(ns.name, ns);
    }
    for (const pod of ctx.index.ofKind('Pod', '')) {
      const ns = injected.get(pod.namespace);
      if (ns) checkPod(pod, ns, report);
    }
  },
};

/** Reports the namespace's injection problems; true when its pods should carry a sidecar. */
function checkNamespace(ctx: AnalysisContext, ns: MeshResource, report: Report): boolean {
  const labels = labelsOf(ns);
  const legacy = labels[INJECTION_LABEL];
  const revision = labels[REVISION_LABEL];
  const hasRevision = revision !== undefined;
  const ambient = labels[DATAPLANE_MODE_LABEL] === DATAPLANE_MODE_AMBIENT;
  const legacyEnabled = legacy === INJECTION_ENABLED;

  if ((hasRevision && (legacyEnabled || ambient)) || (legacyEnabled && ambient)) {
    reportMultipleLabels(ns, labels, report);
    return false;
  }
  if (legacy === undefined && !hasRevision) {
    if (!ambient) reportNotInjected(ctx, ns, report);
    return false;
  }
  // An explicit `istio-injection` other than `enabled` deliberately turns injection off.
  return legacy === undefined ? hasRevision : legacyEnabled;
}

function reportMultipleLabels(ns: MeshResource, labels: Record<string, string>, report: Report): void {
  const present = [INJECTION_LABEL, REVISION_LABEL, DATAPLANE_MODE_LABEL].filter(
    (l) => l in labels && (l !== DATAPLANE_MODE_LABEL || labels[l] === DATAPLANE_MODE_AMBIENT),
  );
  const first = present[0] ?? REVISION_LABEL;
  report({
    message: 'NamespaceMultipleInjectionLabels',
    resource: ns,
    path: ['metadata', 'labels', first],
    text:
      `Namespace ${ns.name} has conflicting data plane labels (${present.map((l) => `${l}=${labels[l]}`).join(', ')}): ` +
      `keep only one of ${INJECTION_LABEL}=enabled, ${REVISION_LABEL}=<revision> or ${DATAPLANE_MODE_LABEL}=ambient.`,
  });
}

function reportNotInjected(ctx: AnalysisContext, ns: MeshResource, report: Report): void {
  const injector = ctx.index
    .ofKind('ConfigMap', '')
    .find((cm) => cm.name === injectorConfigMapName(undefined));
  if (injector && enablesNamespacesByDefault(injector)) {
    report({
      message: 'NamespaceInjectionEnabledByDefault',
      resource: ns,
      path: ['metadata', 'name'],
      text:
        `Namespace ${ns.name} has no injection label, but the injector ConfigMap ${injector.name} enables ` +
        `injection for all namespaces (sidecarInjectorWebhook.enableNamespacesByDefault): its pods get a sidecar. ` +
        `Label it ${INJECTION_LABEL}=disabled to opt out.`,
      related: [
        { resource: injector, path: ['data', 'values'], message: 'enableNamespacesByDefault is set here' },
      ],
    });
    return;
  }
  report({
    message: 'NamespaceNotInjected',
    resource: ns,
    path: ['metadata', 'name'],
    text:
      `Namespace ${ns.name} is not enabled for sidecar injection: label it ${INJECTION_LABEL}=enabled ` +
      `(or ${REVISION_LABEL}=<revision>), or ${INJECTION_LABEL}=disabled if it should stay out of the mesh.`,
  });
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` of the injector's `values` JSON. */
export function enablesNamespacesByDefault(configMap: MeshResource): boolean {
  const values = asString(get(configMap.value, 'data', 'values'));
  if (!values) return false;
  try {
    return get(JSON.parse(values), 'sidecarInjectorWebhook', 'enableNamespacesByDefault') === true;
  } catch {
    return false;
  }
}

function checkPod(pod: MeshResource, ns: MeshResource, report: Report): void {
  // The label wins over the (deprecated) annotation.
  const optOut = labelsOf(pod)[SIDECAR_INJECT] ?? annotationsOf(pod)[SIDECAR_INJECT] ?? '';
  if (optOut.toLowerCase() === 'false') return;
  const spec = asRecord(get(pod.value, 'spec'));
  if (spec.hostNetwork === true) return;
  if (istioProxyContainer(spec)) return;
  const label = labelsOf(ns)[REVISION_LABEL] !== undefined ? REVISION_LABEL : INJECTION_LABEL;
  report({
    message: 'PodMissingProxy',
    resource: pod,
    path: ['spec', 'containers'],
    text:
      `Pod ${pod.name} has no ${ISTIO_PROXY} sidecar although namespace ${ns.name} is enabled for injection: ` +
      `it was probably created before injection was enabled (or before the injector ran); restart it to inject the sidecar.`,
    related: [{ resource: ns, path: ['metadata', 'labels', label], message: `injection is enabled here` }],
  });
}
