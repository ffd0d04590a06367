/**
 * destinationrule.SubsetSelectPodAnalyzer (istio's PodNotSelectedAnalyzer) — checks a DestinationRule's
 * host and subsets against the workloads in the workspace:
 * - IST0174 UnknownDestinationRuleHost when `spec.host` names no Service or ServiceEntry visible from the
 *   rule's namespace;
 * - IST0173 DestinationRuleSubsetNotSelectPods when a subset's labels (merged over a ServiceEntry's
 *   workloadSelector) match no pod.
 * Like istio, pods carry the topology labels of their node (`topology.kubernetes.io/region`, `…/zone`,
 * `topology.istio.io/subzone`, `kubernetes.io/hostname`; empty node labels are ignored) and a pod of any
 * namespace counts. Unlike istio, the pod templates of Deployments and other controllers count too (a
 * workspace rarely holds Pods); their topology is not known before scheduling, so topology labels in a
 * subset never rule a template out.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { labelsMatch, workloads } from '../../mesh/selectors';
import type { WorkspaceIndex } from '../../workspace/index';
import { asArray, asLabels, asString, get, type MeshResource } from '../../workspace/resource';
import { exportToOf, lookupDestinationHost, serviceHostMap } from '../../mesh/service-registry';

const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const NODE_TOPOLOGY_LABELS = [
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
];
const TOPOLOGY_LABELS = new Set([...NODE_TOPOLOGY_LABELS, HOSTNAME_LABEL]);

/** Labels a workload's pods carry, and whether their node (hence topology) is known. */
interface PodLabels {
  labels: Record<string, string>;
  topologyKnown: boolean;
}

export const podNotSelectedAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  analyze(ctx, report) {
    const registry = serviceHostMap(ctx);
    const pods = podLabels(ctx.index);
    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const host = asString(get(dr.value, 'spec', 'host')) ?? '';
      const service = lookupDestinationHost(registry, dr.namespace, exportToOf(dr), host);
      if (!service) {
        report({
          message: 'UnknownDestinationRuleHost',
          resource: dr,
          path: ['spec', 'host'],
          text: `DestinationRule host '${host}' matches no Service or ServiceEntry visible from namespace ${dr.namespace}`,
        });
        continue;
      }
      // A ServiceEntry selects its workloads itself; a Service's pods are matched by the subset labels.
      const workloadLabels =
        service.kind === 'ServiceEntry' && service.resource
          ? asLabels(get(service.resource.value, 'spec', 'workloadSelector', 'labels'))
          : {};
      for (const subset of unmatchedSubsets(dr, workloadLabels, pods)) {
        report({
          message: 'DestinationRuleSubsetNotSelectPods',
          resource: dr,
          path: subset.hasLabels
            ? ['spec', 'subsets', subset.index, 'labels']
            : ['spec', 'subsets', subset.index],
          text: `Subset '${subset.name}' of host '${host}' selects no pods: ${noMatchReason(subset.selector)}`,
          related: service.resource
            ? [{ resource: service.resource, message: `'${host}' is defined here` }]
            : [],
        });
      }
    }
  },
};

interface Subset {
  index: number;
  name: string;
  selector: Record<string, string>;
  hasLabels: boolean;
}

/** The rule's subsets (the last one of a name wins, as in istio) whose selector matches no pod. */
function unmatchedSubsets(dr: MeshResource, base: Record<string, string>, pods: PodLabels[]): Subset[] {
  const byName = new Map<string, Subset>();
  asArray(get(dr.value, 'spec', 'subsets')).forEach((raw, index) => {
    const name = asString(get(raw, 'name')) ?? '';
    const labels = asLabels(get(raw, 'labels'));
    byName.delete(name);
    byName.set(name, {
      index,
      name,
      selector: { ...base, ...labels },
      hasLabels: Object.keys(labels).length > 0,
    });
  });
  return [...byName.values()].filter((s) => !pods.some((p) => selects(s.selector, p)));
}

function selects(selector: Record<string, string>, pod: PodLabels): boolean {
  if (pod.topologyKnown) return labelsMatch(selector, pod.labels);
  const scheduleFree = Object.fromEntries(Object.entries(selector).filter(([k]) => !TOPOLOGY_LABELS.has(k)));
  return labelsMatch(scheduleFree, pod.labels);
}

/** Pods (with their node's topology labels) and pod templates of workload controllers. */
function podLabels(index: WorkspaceIndex): PodLabels[] {
  const nodes = new Map<string, Record<string, string>>();
  for (const node of index.ofKind('Node', ''))
    nodes.set(node.name, asLabels(get(node.value, 'metadata', 'labels')));
  return workloads(index).map((w) => {
    const isPod = w.resource.kind === 'Pod';
    const nodeName = asString(w.podSpec.nodeName) ?? '';
    const nodeLabels = nodes.get(nodeName);
    if (!nodeLabels) return { labels: w.labels, topologyKnown: isPod };
    const labels = { ...w.labels };
    for (const key of NODE_TOPOLOGY_LABELS) if (nodeLabels[key]) labels[key] = nodeLabels[key];
    labels[HOSTNAME_LABEL] = nodeName;
    return { labels, topologyKnown: true };
  });
}

function noMatchReason(selector: Record<string, string>): string {
  const entries = Object.entries(selector);
  if (!entries.length) return 'the workspace has no pods or pod templates';
  return `no pod or pod template has labels ${entries.map(([k, v]) => `${k}=${v || '""'}`).join(', ')}`;
}
