/**
 * meshwright.SubsetWithoutWorkloadsAnalyzer — MW0003: a DestinationRule subset whose labels (together
 * with the selector of the host's Service, when the workspace has it) match no workload: no Pod, no
 * pod template of a Deployment/StatefulSet/DaemonSet/ReplicaSet/Job and no WorkloadEntry in the
 * Service's namespace. Traffic routed to such a subset fails with 503 (no healthy upstream).
 *
 * It only speaks when the workspace holds the host's workloads: the Service's selector must match at
 * least one of them (or, without the Service, another subset of the same rule must), so a repository
 * of Istio files without Deployments stays quiet. Hosts a ServiceEntry defines are left alone.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { labelsMatch, workloads } from '../../mesh/selectors';
import { asArray, asLabels, asString, get, type MeshResource } from '../../workspace/resource';
import {
  findServices,
  formatLabels,
  formatList,
  kubeServiceRef,
  serviceEntriesFor,
  serviceSelector,
  strictLabels,
} from './lookup';

interface Candidate {
  resource: MeshResource;
  labels: Record<string, string>;
}

export const subsetWithoutWorkloadsAnalyzer: Analyzer = {
  name: 'meshwright.SubsetWithoutWorkloadsAnalyzer',
  analyze(ctx, report) {
    const byNamespace = new Map<string, Candidate[]>();
    const add = (namespace: string, c: Candidate) => {
      const list = byNamespace.get(namespace) ?? [];
      list.push(c);
      byNamespace.set(namespace, list);
    };
    const known = new Set<MeshResource>();
    for (const w of workloads(ctx.index)) {
      known.add(w.resource);
      add(w.namespace, { resource: w.resource, labels: w.labels });
    }
    for (const r of ctx.index.all()) {
      if (known.has(r)) continue;
      // VM workloads, and pod templates of other controllers (Argo Rollout, CronJob, …): they may hold
      // the pods a subset means, so they count as candidates.
      const labels =
        r.kind === 'WorkloadEntry'
          ? get(r.value, 'spec', 'labels')
          : r.kind === 'WorkloadGroup'
            ? get(r.value, 'spec', 'metadata', 'labels')
            : (get(r.value, 'spec', 'template', 'metadata', 'labels') ??
              get(r.value, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'));
      if (labels !== undefined) add(r.namespace, { resource: r, labels: asLabels(labels) });
    }

    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const host = asString(get(dr.value, 'spec', 'host')) ?? '';
      const ref = kubeServiceRef(host, dr.namespace);
      if (!ref) continue;
      const candidates = byNamespace.get(ref.namespace);
      if (!candidates?.length) continue;
      if (serviceEntriesFor(ctx.index, host, dr.namespace).length) continue;

      const services = findServices(ctx.index, ref);
      const service = services[0];
      let selector: Record<string, string> = {};
      let selected: Candidate[];
      if (service) {
        if (services.some((s) => asString(get(s.value, 'spec', 'type')) === 'ExternalName')) continue;
        // No selector (endpoints managed by hand), or definitions that disagree: nothing certain.
        const s = serviceSelector(services);
        if (!s) continue;
        selector = s;
        selected = candidates.filter((c) => labelsMatch(selector, c.labels));
        // The Service's own workloads are not in the workspace: nothing to compare with.
        if (!selected.length) continue;
      } else {
        selected = candidates;
      }

      const subsets = asArray(get(dr.value, 'spec', 'subsets')).map((subset, j) => ({
        j,
        name: asString(get(subset, 'name')) ?? '',
        labels: strictLabels(get(subset, 'labels')),
      }));
      const matching = (labels: Record<string, string>) =>
        selected.filter((c) => labelsMatch(labels, c.labels) && labelsMatch(selector, c.labels));
      if (
        !service &&
        !subsets.some((s) => s.labels && Object.keys(s.labels).length && matching(s.labels).length)
      ) {
        // Without the Service, some subset must select a workload to show the host's workloads are here.
        continue;
      }

      for (const subset of subsets) {
        if (!subset.labels || !Object.keys(subset.labels).length) continue;
        const labels = subset.labels;
        const clash = Object.keys(labels).find((k) => k in selector && selector[k] !== labels[k]);
        if (!clash && matching(labels).length) continue;
        const wanted = formatLabels({ ...selector, ...labels });
        const where = `in namespace ${ref.namespace}`;
        let text: string;
        if (clash) {
          text = `Subset '${subset.name}' can select no workload: its label ${clash}=${labels[clash]} contradicts the selector ${clash}=${selector[clash]} of Service ${ref.namespace}/${ref.name}. Traffic routed to this subset fails (no healthy upstream).`;
        } else {
          const hints = Object.keys(labels)
            .map((k) => {
              const values = [
                ...new Set(selected.map((c) => c.labels[k]).filter((v) => v !== undefined)),
              ].sort();
              return values.length ? `${k}: ${formatList(values)}` : `no ${k} label`;
            })
            .join('; ');
          text = `Subset '${subset.name}' selects no workload: no Pod, pod template or WorkloadEntry ${where} has the labels ${wanted}${service ? ` (Service selector + subset labels)` : ''}. The workloads ${service ? `of Service ${ref.name}` : where} have ${hints}. Traffic routed to this subset fails (no healthy upstream).`;
        }
        report({
          message: 'MW0003',
          resource: dr,
          path: ['spec', 'subsets', subset.j, 'name'],
          text,
          related: service
            ? [{ resource: service, path: ['spec', 'selector'], message: `Selector of Service ${ref.name}` }]
            : undefined,
        });
      }
    }
  },
};
