/**
 * Which workloads serve a canary destination: the destination host's Service (in the VirtualService's
 * namespace for short names), narrowed by the DestinationRule subset's labels, matched against the
 * Deployments' (and StatefulSets') pod template labels. The gates query those workloads' metrics.
 */
import type { Destination } from './detect';
import type { GateTarget } from './gates';

interface Obj {
  metadata: { name?: string; namespace?: string; labels?: unknown };
  spec?: unknown;
}

export interface ClusterObjects {
  services: readonly Obj[];
  destinationRules: readonly Obj[];
  workloads: readonly Obj[];
}

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function labels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

const matches = (have: Record<string, string>, want: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => have[k] === v);

/** `reviews`, `reviews.bookinfo`, `reviews.bookinfo.svc.cluster.local` → namespace/name. */
export function serviceOf(host: string, namespace: string): { namespace: string; name: string } | undefined {
  const parts = host.split('.');
  if (host.includes('*')) return undefined;
  if (parts.length === 1) return { namespace, name: host };
  if (parts.length === 2 || parts[2] === 'svc') return { namespace: parts[1]!, name: parts[0]! };
  return undefined;
}

/** The gate target of a destination routed by a VirtualService in `vsNamespace`. */
export function gateTarget(d: Destination, vsNamespace: string, objs: ClusterObjects): GateTarget {
  const svcRef = serviceOf(d.host, vsNamespace);
  if (!svcRef) return { namespace: vsNamespace, workloads: [] };
  const svc = objs.services.find(
    (s) => s.metadata.name === svcRef.name && s.metadata.namespace === svcRef.namespace,
  );
  const selector = labels(rec(svc?.spec).selector);
  let subsetLabels: Record<string, string> | undefined = d.subset ? undefined : {};
  if (d.subset) {
    for (const dr of objs.destinationRules) {
      const host = rec(dr.spec).host;
      if (typeof host !== 'string') continue;
      const ref = serviceOf(host, dr.metadata.namespace ?? vsNamespace);
      if (ref?.name !== svcRef.name || ref.namespace !== svcRef.namespace) continue;
      const subset = (rec(dr.spec).subsets as unknown[] | undefined)?.find((s) => rec(s).name === d.subset);
      if (subset) subsetLabels = labels(rec(subset).labels);
    }
  }
  // no Service, no selector, or a subset no DestinationRule defines: nothing to measure
  if (!svc || !Object.keys(selector).length || !subsetLabels)
    return { namespace: svcRef.namespace, workloads: [] };
  const want = { ...selector, ...subsetLabels };
  const workloads = objs.workloads
    .filter((w) => w.metadata.namespace === svcRef.namespace)
    .filter((w) => matches(labels(rec(rec(rec(w.spec).template).metadata).labels), want))
    .map((w) => w.metadata.name ?? '')
    .filter(Boolean)
    .sort();
  return { namespace: svcRef.namespace, workloads };
}
