/** The resource types the emulator serves, as in discovery (APIResourceList). */
export interface ResourceType {
  group: string; // '' for core
  versions: string[]; // served versions, preferred first
  resource: string; // plural
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** true for CustomResourceDefinition-backed kinds (strategic merge patch → 415) */
  custom?: boolean;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function core(resource: string, kind: string, namespaced: boolean, shortNames?: string[]): ResourceType {
  return {
    group: '',
    versions: ['v1'],
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    shortNames,
  };
}

function apps(resource: string, kind: string, shortNames?: string[]): ResourceType {
  return {
    group: 'apps',
    versions: ['v1'],
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    shortNames,
    categories: ['all'],
  };
}

function istio(group: string, versions: string[], resource: string, kind: string, shortNames?: string[]) {
  const t: ResourceType = {
    group,
    versions,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    shortNames,
    categories: ['istio-io', `${group.split('.')[0]}-istio-io`],
    custom: true,
  };
  return t;
}

const NET = ['v1', 'v1beta1', 'v1alpha3'];
const SEC = ['v1', 'v1beta1'];

export const RESOURCE_TYPES: ResourceType[] = [
  core('namespaces', 'Namespace', false, ['ns']),
  core('pods', 'Pod', true, ['po']),
  core('services', 'Service', true, ['svc']),
  core('endpoints', 'Endpoints', true, ['ep']),
  core('configmaps', 'ConfigMap', true, ['cm']),
  core('secrets', 'Secret', true),
  core('serviceaccounts', 'ServiceAccount', true, ['sa']),
  core('events', 'Event', true, ['ev']),
  apps('deployments', 'Deployment', ['deploy']),
  apps('replicasets', 'ReplicaSet', ['rs']),
  apps('statefulsets', 'StatefulSet', ['sts']),
  apps('daemonsets', 'DaemonSet', ['ds']),
  istio('networking.istio.io', NET, 'virtualservices', 'VirtualService', ['vs']),
  istio('networking.istio.io', NET, 'destinationrules', 'DestinationRule', ['dr']),
  istio('networking.istio.io', NET, 'gateways', 'Gateway', ['gw']),
  istio('networking.istio.io', NET, 'serviceentries', 'ServiceEntry', ['se']),
  istio('networking.istio.io', NET, 'sidecars', 'Sidecar'),
  istio('networking.istio.io', NET, 'workloadentries', 'WorkloadEntry', ['we']),
  istio('networking.istio.io', ['v1alpha3'], 'envoyfilters', 'EnvoyFilter'),
  istio('security.istio.io', SEC, 'peerauthentications', 'PeerAuthentication', ['pa']),
  istio('security.istio.io', SEC, 'authorizationpolicies', 'AuthorizationPolicy', ['ap']),
  istio('security.istio.io', SEC, 'requestauthentications', 'RequestAuthentication', ['ra']),
  istio('telemetry.istio.io', ['v1', 'v1alpha1'], 'telemetries', 'Telemetry', ['telemetry']),
  {
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  },
];

/** Groups in discovery order, each with served versions (preferred first). */
export function apiGroups(): { name: string; versions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const t of RESOURCE_TYPES) {
    if (t.group === '') continue;
    const vs = groups.get(t.group) ?? [];
    for (const v of t.versions) if (!vs.includes(v)) vs.push(v);
    groups.set(t.group, vs);
  }
  return [...groups].map(([name, versions]) => ({ name, versions }));
}

export function findType(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    (t) => t.group === group && t.resource === resource && t.versions.includes(version),
  );
}

export function findTypeByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return RESOURCE_TYPES.find((t) => t.group === group && t.kind === kind);
}

export function apiVersionOf(t: ResourceType, version: string): string {
  return t.group ? `${t.group}/${version}` : version;
}

export function resourceList(group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const t of RESOURCE_TYPES) {
    if (t.group !== group || !t.versions.includes(version)) continue;
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ALL_VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    });
    if (t.resource === 'pods') {
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    }
    if (t.resource === 'services') {
      resources.push({
        name: 'services/proxy',
        singularName: '',
        namespaced: true,
        kind: 'ServiceProxyOptions',
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      });
    }
    if (t.resource === 'deployments' || t.resource === 'replicasets' || t.resource === 'statefulsets') {
      resources.push({
        name: `${t.resource}/scale`,
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (t.resource === 'deployments' || t.resource === 'pods' || t.resource === 'namespaces') {
      resources.push({
        name: `${t.resource}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
