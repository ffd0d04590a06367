/**
 * Look-ups the Meshwright checks share: which Kubernetes Service a host names, the Services and
 * ServiceEntries behind a host, and how to print a destination. Only certain answers: a host that is
 * not plainly a Service name (`reviews`, `reviews.bookinfo.svc.cluster.local`) names no Service here.
 */
import { fullNameFromFqdn, hostMatches, resolveShortName } from '../../mesh/hosts';
import type { WorkspaceIndex } from '../../workspace/index';
import { asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

export interface ServiceRef {
  namespace: string;
  name: string;
}

/** The Service a host names: a short name in `namespace`, or `name.ns.svc.cluster.local`. */
export function kubeServiceRef(host: string, namespace: string): ServiceRef | undefined {
  if (!host || host.includes('*') || host.includes('/')) return undefined;
  if (!host.includes('.')) return { namespace, name: host };
  const full = fullNameFromFqdn(host);
  if (!full.namespace || full.name.includes('.') || full.namespace.includes('.')) return undefined;
  return { namespace: full.namespace, name: full.name };
}

/** The core/v1 Service `namespace/name`, if the workspace defines it. */
export function findService(index: WorkspaceIndex, ref: ServiceRef): MeshResource | undefined {
  return index.find('Service', ref.namespace, ref.name, '');
}

/** Every definition of the Service `namespace/name` (overlays and variants may define it more than once). */
export function findServices(index: WorkspaceIndex, ref: ServiceRef): MeshResource[] {
  return index.findAll('Service', ref.namespace, ref.name, '');
}

/**
 * The label selector of a Service, when every definition of it in the workspace agrees on one;
 * undefined when it has none, is templated, or the definitions differ.
 */
export function serviceSelector(services: readonly MeshResource[]): Record<string, string> | undefined {
  let selector: Record<string, string> | undefined;
  for (const s of services) {
    const labels = strictLabels(get(s.value, 'spec', 'selector'));
    if (!labels || !Object.keys(labels).length) return undefined;
    if (selector && formatLabels(sorted(selector)) !== formatLabels(sorted(labels))) return undefined;
    selector = labels;
  }
  return selector;
}

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** ServiceEntries whose hosts cover `host` as written by a resource in `namespace`. */
export function serviceEntriesFor(index: WorkspaceIndex, host: string, namespace: string): MeshResource[] {
  const candidates = new Set([host, resolveShortName(host, namespace)]);
  return index.ofKind('ServiceEntry', 'networking.istio.io').filter((se) =>
    asArray(get(se.value, 'spec', 'hosts')).some((h) => {
      const seHost = asString(h);
      return seHost !== undefined && [...candidates].some((c) => seHost === c || hostMatches(seHost, c));
    }),
  );
}

/** Port numbers a Service (`spec.ports[].port`) or ServiceEntry (`spec.ports[].number`) declares. */
export function declaredPorts(resource: MeshResource): number[] {
  const field = resource.kind === 'Service' ? 'port' : 'number';
  return asArray(get(resource.value, 'spec', 'ports'))
    .map((p) => get(p, field))
    .filter((n): n is number => typeof n === 'number');
}

/** `reviews/v1:9080` for messages. */
export function destinationLabel(destination: Record<string, unknown>): string {
  const host = asString(destination.host) ?? '?';
  const subset = asString(destination.subset);
  const port = get(destination, 'port', 'number');
  return `${host}${subset ? `/${subset}` : ''}${typeof port === 'number' ? `:${port}` : ''}`;
}

/** String labels of a map, or undefined when a value is not a plain string (templated or invalid). */
export function strictLabels(value: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) {
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** `app=reviews, version=v1` for messages. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** `"a", "b" and "c"`-style lists for messages. */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
