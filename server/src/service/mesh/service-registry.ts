/**
 * The service registry istio's analyzers resolve destination hosts against: ServiceEntry hosts and
 * Kubernetes Services (as `name.namespace.svc.cluster.local`), each visible in the namespaces its
 * `exportTo` (ServiceEntry field, Service annotation `networking.istio.io/exportTo`) allows. Keys are
 * scoped FQDNs, `<scope>/<fqdn>`, with scope `*` for "every namespace".
 */
import type { AnalysisContext } from '../analysis/analyzer';
import { asArray, asRecord, asString, get, type MeshResource } from '../workspace/resource';
import { defaultIngressGateway } from './default-ingress';
import { resolveShortName } from './hosts';

export const EXPORT_TO_ALL = '*';
export const EXPORT_TO_LOCAL = '.';
const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

export interface RegisteredPort {
  number: number;
  name?: string;
  protocol?: string;
}

export interface RegisteredService {
  kind: 'ServiceEntry' | 'Service';
  /** The declaring document; absent for the live cluster's and istioctl's implicit services. */
  resource?: MeshResource;
  ports: RegisteredPort[];
}

/** `<scope>/<fqdn>`: the host made fully qualified against `namespace`. */
export function scopedFqdn(scope: string, namespace: string, host: string): string {
  return `${scope}/${resolveShortName(host, namespace)}`;
}

export function splitScopedFqdn(key: string): { scope: string; fqdn: string } {
  const slash = key.indexOf('/');
  return { scope: key.slice(0, slash), fqdn: key.slice(slash + 1) };
}

/** No exportTo, or one containing `*`, exports to every namespace. */
export function isExportToAll(exportTo: readonly string[]): boolean {
  return exportTo.length === 0 || exportTo.includes(EXPORT_TO_ALL);
}

/** The namespaces a resource in `namespace` is visible in: `['*']`, or the listed ones (`.` is its own). */
export function exportScopes(exportTo: readonly string[], namespace: string): string[] {
  if (isExportToAll(exportTo)) return [EXPORT_TO_ALL];
  return [...new Set(exportTo.map((e) => (e === EXPORT_TO_LOCAL ? namespace : e)))];
}

export function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** Every registered host by scoped FQDN (a later registration of the same key wins, Services last). */
export function serviceHostMap(ctx: AnalysisContext): Map<string, RegisteredService> {
  const out = new Map<string, RegisteredService>();
  for (const se of ctx.index.ofKind('ServiceEntry', 'networking.istio.io')) addServiceEntry(out, se);
  for (const svc of ctx.index.ofKind('Service', '')) {
    const ports = asArray(get(svc.value, 'spec', 'ports')).map((p) => ({
      number: Number(get(p, 'port')),
      name: asString(get(p, 'name')),
      protocol: asString(get(p, 'protocol')),
    }));
    const exportTo = asString(get(svc.value, 'metadata', 'annotations', EXPORT_TO_ANNOTATION));
    const scopes = exportTo ? exportTo.split(',').map((s) => s.trim()) : [EXPORT_TO_ALL];
    for (const scope of scopes) {
      const key = scopedFqdn(scope === EXPORT_TO_LOCAL ? svc.namespace : scope, svc.namespace, svc.name);
      out.set(key, { kind: 'Service', resource: svc, ports });
    }
  }
  for (const extra of implicitServices(ctx)) {
    const key = scopedFqdn(EXPORT_TO_ALL, extra.namespace, extra.name);
    if (!out.has(key)) out.set(key, { kind: 'Service', ports: extra.ports });
  }
  return out;
}

function addServiceEntry(out: Map<string, RegisteredService>, se: MeshResource): void {
  const exportTo = stringList(get(se.value, 'spec', 'exportTo'));
  const ports = asArray(get(se.value, 'spec', 'ports')).map((p) => ({
    number: Number(get(p, 'number')),
    name: asString(get(p, 'name')),
    protocol: asString(get(p, 'protocol')),
  }));
  const entry: RegisteredService = { kind: 'ServiceEntry', resource: se, ports };
  const scopes = exportTo.length === 0 ? [EXPORT_TO_ALL] : seScopes(exportTo, se.namespace);
  for (const host of stringList(get(se.value, 'spec', 'hosts'))) {
    for (const scope of scopes) out.set(scopedFqdn(scope, se.namespace, host), entry);
  }
}

/** A ServiceEntry's exportTo in order, stopping at the first `*`. */
function seScopes(exportTo: readonly string[], namespace: string): string[] {
  const scopes: string[] = [];
  for (const e of exportTo) {
    scopes.push(e === EXPORT_TO_LOCAL ? namespace : e);
    if (e === EXPORT_TO_ALL) break;
  }
  return scopes;
}

/** Services outside the files: the live cluster's when connected, else istioctl's implicit ingress. */
function implicitServices(
  ctx: AnalysisContext,
): { namespace: string; name: string; ports: RegisteredPort[] }[] {
  if (ctx.cluster) {
    return ctx.cluster.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      ports: s.ports.map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
    }));
  }
  const ingress = defaultIngressGateway(ctx.meshConfig);
  if (!ingress) return [];
  return [
    {
      namespace: ingress.namespace,
      name: ingress.serviceName,
      ports: ingress.servicePorts.map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
    },
  ];
}

/**
 * The registered service a destination `host` of a resource in `sourceNamespace` (with that resource's
 * `exportTo`) resolves to, as istio's analyzers look it up: hosts exported everywhere, then the ones
 * visible in the resource's export scopes, then wildcard hosts visible in its namespace.
 */
export function lookupDestinationHost(
  registry: ReadonlyMap<string, RegisteredService>,
  sourceNamespace: string,
  exportTo: readonly string[],
  host: string,
): RegisteredService | undefined {
  const exported = registry.get(scopedFqdn(EXPORT_TO_ALL, sourceNamespace, host));
  if (exported) return exported;
  const scopes = exportTo.length === 0 ? [sourceNamespace] : exportTo;
  for (const scope of scopes) {
    const ns = scope === EXPORT_TO_LOCAL ? sourceNamespace : scope;
    const found = registry.get(scopedFqdn(ns, sourceNamespace, host));
    if (found) return found;
  }
  const bareHost = host.startsWith('*') ? host.slice(1) : host;
  for (const [key, service] of registry) {
    const { scope, fqdn } = splitScopedFqdn(key);
    if (!fqdn.startsWith('*')) continue;
    if (scope !== EXPORT_TO_ALL && scope !== sourceNamespace) continue;
    if (bareHost.endsWith(fqdn.slice(1))) return service;
  }
  return undefined;
}

/** Ports of a registered service, as numbers. */
export function portNumbers(service: RegisteredService): number[] {
  return service.ports.map((p) => p.number);
}

/** Reads `spec.exportTo` of a resource. */
export function exportToOf(resource: MeshResource): string[] {
  return stringList(asRecord(resource.value.spec).exportTo);
}
