/**
 * The hosts a DestinationRule can name, as istio's analyzers see them: every ServiceEntry host and every
 * Kubernetes Service (as `name.namespace.svc.cluster.local`), each visible in the namespaces its
 * `exportTo` (ServiceEntry field, Service `networking.istio.io/exportTo` annotation) allows.
 */
import { hostToFqdn } from '../../mesh/hosts';
import type { WorkspaceIndex } from '../../workspace/index';
import { asArray, asLabels, asString, get, type MeshResource } from '../../workspace/resource';

const ALL_NAMESPACES = '*';
const SAME_NAMESPACE = '.';
const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

export interface DestinationService {
  /** The Service or ServiceEntry that defines the host. */
  resource: MeshResource;
  /** A ServiceEntry's `workloadSelector.labels` (a Kubernetes Service contributes none). */
  workloadLabels: Record<string, string>;
}

/** `scope/fqdn` → service; scope is a namespace or `*`. Later definitions replace earlier ones. */
export class DestinationHosts {
  private readonly byScopedHost = new Map<string, DestinationService>();

  constructor(index: WorkspaceIndex) {
    for (const se of index.ofKind('ServiceEntry', 'networking.istio.io')) this.addServiceEntry(se);
    for (const svc of index.ofKind('Service', '')) this.addService(svc);
  }

  /** The service `host` names for a resource in `namespace` exported to `exportTo` (GetDestinationHost). */
  lookup(namespace: string, exportTo: readonly string[], host: string): DestinationService | undefined {
    const fqdn = hostToFqdn(namespace, host);
    const scopes = exportTo.length
      ? exportTo.map((e) => (e === SAME_NAMESPACE ? namespace : e))
      : [namespace];
    for (const scope of [ALL_NAMESPACES, ...scopes]) {
      const found = this.byScopedHost.get(`${scope}/${fqdn}`);
      if (found) return found;
    }
    return this.wildcardMatch(namespace, host);
  }

  private wildcardMatch(namespace: string, host: string): DestinationService | undefined {
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const [key, service] of this.byScopedHost) {
      const slash = key.indexOf('/');
      const scope = key.slice(0, slash);
      const seHost = key.slice(slash + 1);
      if (!seHost.startsWith('*')) continue;
      if (scope !== ALL_NAMESPACES && scope !== namespace) continue;
      if (bare.endsWith(seHost.slice(1))) return service;
    }
    return undefined;
  }

  private addServiceEntry(se: MeshResource): void {
    const exportTo = asArray(get(se.value, 'spec', 'exportTo')).filter(
      (e): e is string => typeof e === 'string',
    );
    const scopes =
      exportTo.length === 0 || exportTo.includes(ALL_NAMESPACES)
        ? [ALL_NAMESPACES]
        : exportTo.map((e) => (e === SAME_NAMESPACE ? se.namespace : e));
    const service = {
      resource: se,
      workloadLabels: asLabels(get(se.value, 'spec', 'workloadSelector', 'labels')),
    };
    for (const host of asArray(get(se.value, 'spec', 'hosts'))) {
      if (typeof host !== 'string') continue;
      for (const scope of scopes)
        this.byScopedHost.set(`${scope}/${hostToFqdn(se.namespace, host)}`, service);
    }
  }

  private addService(svc: MeshResource): void {
    const annotation = asString(get(svc.value, 'metadata', 'annotations', EXPORT_TO_ANNOTATION)) ?? '';
    const scopes = annotation
      ? annotation.split(',').map((e) => (e.trim() === SAME_NAMESPACE ? svc.namespace : e.trim()))
      : [ALL_NAMESPACES];
    const service = { resource: svc, workloadLabels: {} };
    for (const scope of scopes)
      this.byScopedHost.set(`${scope}/${hostToFqdn(svc.namespace, svc.name)}`, service);
  }
}
