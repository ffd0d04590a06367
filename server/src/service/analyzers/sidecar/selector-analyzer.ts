/**
 * sidecar.SelectorAnalyzer — checks how Sidecar resources select workloads, per namespace:
 *
 * - IST0101 (ReferencedResourceNotFound) when a `workloadSelector` matches no pod (or pod template)
 *   in the Sidecar's namespace.
 * - IST0110 (ConflictingSidecarWorkloadSelectors) when a pod is selected by more than one Sidecar.
 * - IST0111 (MultipleSidecarsWithoutWorkloadSelectors) when a namespace has more than one Sidecar
 *   without a workload selector.
 * - IST0167 (IneffectivePolicy) instead of the two above when the selected pod runs in ambient mode
 *   (`ambient.istio.io/redirection: enabled`) or the namespace is an ambient one: there is no sidecar.
 */
import type { Analyzer, AnalysisContext, Finding } from '../../analysis/analyzer';
import { ofKindWithListItems } from '../../mesh/list-items';
import { labelsMatch } from '../../mesh/selectors';
import {
  describePod,
  formatSelector,
  runtimeNamespaces,
  runtimePods,
  type RuntimeNamespace,
  type RuntimePod,
} from '../../mesh/runtime-objects';
import { asLabels, displayName, get, type MeshResource } from '../../workspace/resource';

export const selectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  analyze(ctx, report) {
    const sidecars = ofKindWithListItems(ctx.index, 'Sidecar', 'networking.istio.io');
    const reported = new Set<MeshResource>(); // Sidecars already told they are ineffective
    const selecting = matchSelectors(ctx, sidecars, report);
    checkPods(selecting, reported, report);
    checkNamespaces(ctx, sidecars, reported, report);
  },
};

function workloadLabels(sidecar: MeshResource): Record<string, string> {
  return asLabels(get(sidecar.value, 'spec', 'workloadSelector', 'labels'));
}

const hasSelector = (sidecar: MeshResource) => Object.keys(workloadLabels(sidecar)).length > 0;

/** Pods selected by Sidecars with a workload selector, with the Sidecars selecting each; IST0101 for none. */
function matchSelectors(
  ctx: AnalysisContext,
  sidecars: readonly MeshResource[],
  report: (f: Finding) => void,
): Map<RuntimePod, MeshResource[]> {
  const podsByNamespace = new Map<string, RuntimePod[]>();
  for (const pod of runtimePods(ctx)) {
    const list = podsByNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    podsByNamespace.set(pod.namespace, list);
  }
  const out = new Map<RuntimePod, MeshResource[]>();
  for (const sidecar of sidecars.filter(hasSelector)) {
    const labels = workloadLabels(sidecar);
    const matched = (podsByNamespace.get(sidecar.namespace) ?? []).filter((pod) =>
      labelsMatch(labels, pod.labels),
    );
    for (const pod of matched) out.set(pod, [...(out.get(pod) ?? []), sidecar]);
    if (matched.length) continue;
    report({
      message: 'ReferencedResourceNotFound',
      resource: sidecar,
      path: ['spec', 'workloadSelector', 'labels'],
      text: `Referenced selector not found: no pod in namespace ${sidecar.namespace} matches '${formatSelector(labels)}'`,
    });
  }
  return out;
}

function podInAmbient(pod: RuntimePod): boolean {
  return pod.annotations['ambient.istio.io/redirection'] === 'enabled';
}

function namespaceInAmbient(ns: RuntimeNamespace | undefined): boolean {
  if (!ns) return false;
  if (ns.labels['istio-injection'] === 'enabled' || ns.labels['istio.io/rev']) return false;
  return ns.labels['istio.io/dataplane-mode'] === 'ambient';
}

function reportIneffective(
  sidecar: MeshResource,
  reason: string,
  reported: Set<MeshResource>,
  report: (f: Finding) => void,
): void {
  if (reported.has(sidecar)) return;
  reported.add(sidecar);
  report({
    message: 'IneffectivePolicy',
    resource: sidecar,
    path: hasSelector(sidecar) ? ['spec', 'workloadSelector', 'labels'] : undefined,
    text: `This Sidecar has no effect: ${reason}, so there is no sidecar proxy to configure`,
  });
}

function checkPods(
  selecting: Map<RuntimePod, MeshResource[]>,
  reported: Set<MeshResource>,
  report: (f: Finding) => void,
): void {
  for (const [pod, sidecars] of selecting) {
    if (podInAmbient(pod)) {
      for (const sidecar of sidecars) {
        reportIneffective(sidecar, `the selected ${describePod(pod)} runs in ambient mode`, reported, report);
      }
      continue;
    }
    if (sidecars.length < 2) continue;
    for (const sidecar of sidecars) {
      const others = sidecars.filter((s) => s !== sidecar);
      report({
        message: 'ConflictingSidecarWorkloadSelectors',
        resource: sidecar,
        path: ['spec', 'workloadSelector', 'labels'],
        text: `The ${describePod(pod)} is also selected by Sidecar(s) ${others.map(displayName).join(', ')}; only one Sidecar may select a workload`,
        related: others.map((other) => ({
          resource: other,
          path: ['spec', 'workloadSelector', 'labels'],
          message: `Sidecar ${displayName(other)} also selects ${describePod(pod)}`,
        })),
      });
    }
  }
}

function checkNamespaces(
  ctx: AnalysisContext,
  sidecars: readonly MeshResource[],
  reported: Set<MeshResource>,
  report: (f: Finding) => void,
): void {
  const namespaces = runtimeNamespaces(ctx);
  const byNamespace = new Map<string, MeshResource[]>();
  for (const sidecar of sidecars.filter((s) => !hasSelector(s))) {
    byNamespace.set(sidecar.namespace, [...(byNamespace.get(sidecar.namespace) ?? []), sidecar]);
  }
  for (const [ns, list] of byNamespace) {
    if (namespaceInAmbient(namespaces.get(ns))) {
      for (const sidecar of list)
        reportIneffective(sidecar, `namespace ${ns} is in ambient mode`, reported, report);
      continue;
    }
    if (list.length < 2) continue;
    for (const sidecar of list) {
      const others = list.filter((s) => s !== sidecar);
      report({
        message: 'MultipleSidecarsWithoutWorkloadSelectors',
        resource: sidecar,
        path:
          get(sidecar.value, 'spec', 'workloadSelector') === undefined
            ? undefined
            : ['spec', 'workloadSelector'],
        text: `Namespace ${ns} has other Sidecar(s) without a workload selector (${others.map(displayName).join(', ')}); only one namespace-wide Sidecar takes effect`,
        related: others.map((other) => ({
          resource: other,
          message: `Sidecar ${displayName(other)} has no workload selector`,
        })),
      });
    }
  }
}
