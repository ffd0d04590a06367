/**
 * Live cluster state as resources: the snapshot the client pushes becomes Namespaces, Pods, Services
 * and Istio config next to the workspace files, so every analyzer sees both without knowing where a
 * resource came from. A file that defines the same kind/namespace/name wins over the live object.
 */
import { Document } from 'yaml';
import type { ClusterSnapshot } from '../../../../protocol/src/cluster-snapshot';
import { makeResource, type MeshResource } from './resource';

export const CLUSTER_URI_SCHEME = 'meshwright-cluster:';

export function snapshotResources(snapshot: ClusterSnapshot, defaultNamespace: string): MeshResource[] {
  const values: Record<string, unknown>[] = [
    ...snapshot.namespaces.map((ns) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns.name, labels: ns.labels },
    })),
    ...snapshot.pods.map((pod) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod.name, namespace: pod.namespace, labels: pod.labels },
      spec: { containers: pod.hasProxy ? [{ name: 'app' }, { name: 'istio-proxy' }] : [{ name: 'app' }] },
      status: { phase: pod.phase ?? 'Running' },
    })),
    ...snapshot.services.map((svc) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svc.name, namespace: svc.namespace },
      spec: { selector: svc.selector, ports: svc.ports },
    })),
    ...(snapshot.istioConfig ?? []),
  ];
  const out: MeshResource[] = [];
  values.forEach((value, i) => {
    const uri = `${CLUSTER_URI_SCHEME}//${encodeURIComponent(snapshot.context)}/${i}`;
    const doc = new Document(value) as Document.Parsed;
    const resource = makeResource(value, doc, uri, 0, i, defaultNamespace);
    if (resource) out.push(resource);
  });
  return out;
}

/** Live resources not shadowed by a workspace file defining the same kind/namespace/name. */
export function unshadowed(live: readonly MeshResource[], files: readonly MeshResource[]): MeshResource[] {
  const key = (r: MeshResource) => `${r.kind}/${r.namespace}/${r.name}`;
  const defined = new Set(files.map(key));
  return live.filter((r) => !defined.has(key(r)));
}
