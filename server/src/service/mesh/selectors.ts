/** Label selectors against workloads (Pods and the pod templates of Deployments and friends). */
import { asArray, asLabels, asRecord, get, type MeshResource } from '../workspace/resource';
import type { WorkspaceIndex } from '../workspace/index';

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

/** matchLabels + matchExpressions (In, NotIn, Exists, DoesNotExist). */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asRecord(selector);
  if (!labelsMatch(asLabels(sel.matchLabels), labels)) return false;
  for (const expr of asArray(sel.matchExpressions)) {
    const e = asRecord(expr);
    const key = String(e.key ?? '');
    const values = asArray(e.values).map(String);
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

export interface Workload {
  resource: MeshResource;
  namespace: string;
  /** Labels of the pods it runs. */
  labels: Record<string, string>;
  /** Annotations of the pods it runs. */
  annotations: Record<string, string>;
  podSpec: Record<string, unknown>;
}

/** Pods, and the pod templates of workload controllers, in the index. */
export function workloads(index: WorkspaceIndex): Workload[] {
  const out: Workload[] = [];
  for (const pod of index.ofKind('Pod', '')) {
    out.push({
      resource: pod,
      namespace: pod.namespace,
      labels: asLabels(get(pod.value, 'metadata', 'labels')),
      annotations: asLabels(get(pod.value, 'metadata', 'annotations')),
      podSpec: asRecord(get(pod.value, 'spec')),
    });
  }
  for (const kind of WORKLOAD_KINDS) {
    for (const r of index.ofKind(kind)) {
      const template = asRecord(get(r.value, 'spec', 'template'));
      out.push({
        resource: r,
        namespace: r.namespace,
        labels: asLabels(get(template, 'metadata', 'labels')),
        annotations: asLabels(get(template, 'metadata', 'annotations')),
        podSpec: asRecord(template.spec),
      });
    }
  }
  return out;
}
