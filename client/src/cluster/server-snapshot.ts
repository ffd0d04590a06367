/**
 * The cluster snapshot pushed to the language server (`meshwright/clusterSnapshot`) from the live caches:
 * only what analysis reads (names, labels, selectors, ports, sidecar presence, Istio config specs), so
 * the message stays small even for large clusters, plus a fingerprint to skip pushes that change nothing.
 */
import type { ClusterSnapshot } from '../../../protocol/src/cluster-snapshot';
import type { LiveCluster } from './live-cluster';
import { apiVersionOf, NAMESPACES, PODS, SERVICES } from './resource-types';
import type { KubeObject } from './transport';

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(record(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function podHasProxy(pod: KubeObject): boolean {
  const spec = record(pod.spec);
  return [...list(spec.containers), ...list(spec.initContainers)].some(
    (c) => record(c).name === 'istio-proxy',
  );
}

/** What analysis needs of the live objects of a {@link LiveCluster}. */
export function serverSnapshot(cluster: LiveCluster): ClusterSnapshot {
  const ns = (o: KubeObject) => o.metadata.namespace ?? '';
  const name = (o: KubeObject) => o.metadata.name ?? '';
  return {
    context: cluster.context,
    namespaces: cluster
      .objects(NAMESPACES)
      .map((o) => ({ name: name(o), labels: stringMap(o.metadata.labels) })),
    pods: cluster.objects(PODS).map((o) => ({
      namespace: ns(o),
      name: name(o),
      labels: stringMap(o.metadata.labels),
      hasProxy: podHasProxy(o),
      phase: typeof record(o.status).phase === 'string' ? (record(o.status).phase as string) : undefined,
    })),
    services: cluster.objects(SERVICES).map((o) => ({
      namespace: ns(o),
      name: name(o),
      selector: stringMap(record(o.spec).selector),
      ports: list(record(o.spec).ports).map((p) => {
        const port = record(p);
        return {
          name: typeof port.name === 'string' ? port.name : undefined,
          port: typeof port.port === 'number' ? port.port : 0,
          protocol: typeof port.protocol === 'string' ? port.protocol : undefined,
        };
      }),
    })),
    istioConfig: cluster.types
      .filter((t) => t.group.endsWith('.istio.io'))
      .flatMap((t) =>
        cluster.objects(t).map((o) => ({
          apiVersion: o.apiVersion ?? apiVersionOf(t),
          kind: o.kind ?? t.kind,
          metadata: {
            name: name(o),
            namespace: ns(o),
            labels: stringMap(o.metadata.labels),
            annotations: stringMap(o.metadata.annotations),
          },
          spec: o.spec,
        })),
      ),
  };
}

/** A cheap fingerprint of a snapshot: identical snapshots give identical strings. */
export function snapshotFingerprint(s: ClusterSnapshot): string {
  return JSON.stringify(s);
}
