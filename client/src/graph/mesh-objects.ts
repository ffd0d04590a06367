/**
 * The Kubernetes and Istio objects the config overlay reads, as plain lists: from a LiveCluster's watch
 * caches (never the API directly), from workspace files, or built by tests.
 */
import type { LiveCluster } from '../cluster/live-cluster';
import { ISTIO_TYPES, KUBERNETES_TYPES, type WatchedType } from '../cluster/resource-types';
import type { KubeObject } from '../cluster/transport';
import type { WorkspaceFileRef } from './graph-types';

export interface MeshObjects {
  services: KubeObject[];
  /** Deployments, StatefulSets, DaemonSets (with apiVersion/kind set) */
  workloads: KubeObject[];
  pods: KubeObject[];
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
  serviceEntries: KubeObject[];
  gateways: KubeObject[];
}

export const emptyMeshObjects = (): MeshObjects => ({
  services: [],
  workloads: [],
  pods: [],
  virtualServices: [],
  destinationRules: [],
  serviceEntries: [],
  gateways: [],
});

const byKind = (kind: string): WatchedType | undefined =>
  [...KUBERNETES_TYPES, ...ISTIO_TYPES].find((t) => t.kind === kind);

/** The objects of the watched types, each with apiVersion and kind set from the type it was listed as. */
export function liveMeshObjects(cluster: Pick<LiveCluster, 'objects' | 'types'>): MeshObjects {
  const read = (kind: string): KubeObject[] => {
    const type = cluster.types.find((t) => t.kind === kind) ?? byKind(kind);
    if (!type) return [];
    const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    return cluster
      .objects(type)
      .map((o) => ({ ...o, apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? kind }));
  };
  return {
    services: read('Service'),
    workloads: [...read('Deployment'), ...read('StatefulSet'), ...read('DaemonSet')],
    pods: read('Pod'),
    virtualServices: read('VirtualService'),
    destinationRules: read('DestinationRule'),
    serviceEntries: read('ServiceEntry'),
    gateways: read('Gateway'),
  };
}

const identity = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/**
 * The cluster's objects with the workspace's on top: a workspace manifest replaces the cluster object of
 * the same kind, namespace and name (what would be applied), and adds the ones the cluster lacks.
 */
export function mergeMeshObjects(cluster: MeshObjects, workspace: Partial<MeshObjects>): MeshObjects {
  const out = emptyMeshObjects();
  for (const key of Object.keys(out) as (keyof MeshObjects)[]) {
    const merged = new Map<string, KubeObject>();
    for (const o of cluster[key]) merged.set(identity(o), o);
    for (const o of workspace[key] ?? []) merged.set(identity(o), o);
    out[key] = [...merged.values()];
  }
  return out;
}

/** The routing config the workspace overrides (the lists whose workspace object wins over the cluster's). */
export const ROUTING_LISTS = ['virtualServices', 'destinationRules', 'serviceEntries', 'gateways'] as const;

/**
 * The objects the graph shows when the workspace holds manifests too. Routing config (VirtualService,
 * DestinationRule, ServiceEntry, Gateway) from a workspace file replaces the cluster's object of the
 * same kind, namespace and name: it is the intended state being edited. Services and workloads stay the
 * cluster's when it has them (what runs, with its pods and labels; a file may hold a partial patch),
 * and the workspace adds those the cluster lacks (not deployed yet, or no cluster at all).
 */
export function overlayWorkspaceObjects(cluster: MeshObjects, workspace: MeshObjects): MeshObjects {
  const out = emptyMeshObjects();
  for (const key of Object.keys(out) as (keyof MeshObjects)[]) {
    const workspaceWins = (ROUTING_LISTS as readonly string[]).includes(key);
    const merged = new Map<string, KubeObject>();
    for (const o of workspaceWins ? cluster[key] : workspace[key]) merged.set(identity(o), o);
    for (const o of workspaceWins ? workspace[key] : cluster[key]) merged.set(identity(o), o);
    out[key] = [...merged.values()];
  }
  return out;
}

const sources = new WeakMap<KubeObject, WorkspaceFileRef>();

/** Records that `o` was read from a workspace file (the overlay's resource refs then name the file). */
export function markSource(o: KubeObject, file: WorkspaceFileRef): KubeObject {
  sources.set(o, file);
  return o;
}

/** The workspace file `o` was read from, if any. */
export const sourceOf = (o: KubeObject): WorkspaceFileRef | undefined => sources.get(o);

/** Which list of MeshObjects an object of this apiVersion and kind belongs in. */
function listOf(apiVersion: string, kind: string): keyof MeshObjects | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group === '' && kind === 'Service') return 'services';
  if (group === '' && kind === 'Pod') return 'pods';
  if (group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) return 'workloads';
  if (group !== 'networking.istio.io') return undefined;
  const istio: Record<string, keyof MeshObjects> = {
    VirtualService: 'virtualServices',
    DestinationRule: 'destinationRules',
    ServiceEntry: 'serviceEntries',
    Gateway: 'gateways',
  };
  return istio[kind];
}

/**
 * Manifests (e.g. the workspace's YAML documents, parsed) sorted into MeshObjects; objects without a
 * namespace get `defaultNamespace` (like `kubectl apply`), other kinds are ignored.
 */
export function meshObjectsFromManifests(
  manifests: readonly unknown[],
  defaultNamespace = 'default',
): MeshObjects {
  const out = emptyMeshObjects();
  for (const m of manifests) {
    const o = m as Partial<KubeObject> | null;
    if (typeof o !== 'object' || o === null || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string')
      continue;
    if (typeof o.metadata?.name !== 'string') continue;
    const list = listOf(o.apiVersion, o.kind);
    if (!list) continue;
    out[list].push({
      ...o,
      metadata: { ...o.metadata, namespace: o.metadata.namespace ?? defaultNamespace },
    } as KubeObject);
  }
  return out;
}
