/**
 * The resource collections Meshwright watches cluster-wide, one shared watch cache each: what the explorer
 * shows, what analysis needs and the CRDs that carry the cluster's Istio schemas. Istio kinds are watched
 * at the version the cluster prefers (from discovery), so an older Istio serving only v1beta1 works too.
 */
import type { ResourceKey } from './watch-cache-registry';

export interface WatchedType extends ResourceKey {
  kind: string;
}

const core = (resource: string, kind: string): WatchedType => ({ group: '', version: 'v1', resource, kind });
const apps = (resource: string, kind: string): WatchedType => ({
  group: 'apps',
  version: 'v1',
  resource,
  kind,
});

export const NAMESPACES = core('namespaces', 'Namespace');
export const PODS = core('pods', 'Pod');
export const SERVICES = core('services', 'Service');
export const CRDS: WatchedType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
};

export const KUBERNETES_TYPES: readonly WatchedType[] = [
  NAMESPACES,
  PODS,
  SERVICES,
  apps('deployments', 'Deployment'),
  apps('statefulsets', 'StatefulSet'),
  apps('daemonsets', 'DaemonSet'),
];

/** Istio kinds (group, kind, plural resource) with the version used when discovery cannot tell. */
export const ISTIO_TYPES: readonly WatchedType[] = [
  ['networking.istio.io', 'virtualservices', 'VirtualService'],
  ['networking.istio.io', 'destinationrules', 'DestinationRule'],
  ['networking.istio.io', 'gateways', 'Gateway'],
  ['networking.istio.io', 'serviceentries', 'ServiceEntry'],
  ['networking.istio.io', 'sidecars', 'Sidecar'],
  ['networking.istio.io', 'workloadentries', 'WorkloadEntry'],
  ['networking.istio.io', 'workloadgroups', 'WorkloadGroup'],
  ['networking.istio.io', 'envoyfilters', 'EnvoyFilter'],
  ['security.istio.io', 'peerauthentications', 'PeerAuthentication'],
  ['security.istio.io', 'authorizationpolicies', 'AuthorizationPolicy'],
  ['security.istio.io', 'requestauthentications', 'RequestAuthentication'],
  ['telemetry.istio.io', 'telemetries', 'Telemetry'],
  ['extensions.istio.io', 'wasmplugins', 'WasmPlugin'],
].map(([group, resource, kind]) => ({
  group: group!,
  version: kind === 'EnvoyFilter' ? 'v1alpha3' : kind === 'WasmPlugin' ? 'v1alpha1' : 'v1',
  resource: resource!,
  kind: kind!,
}));

/** `apiVersion` of a watched type (`v1`, `apps/v1`, `networking.istio.io/v1`). */
export const apiVersionOf = (t: ResourceKey): string => (t.group ? `${t.group}/${t.version}` : t.version);
