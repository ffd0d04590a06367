/**
 * virtualservice.DestinationHostAnalyzer — checks each route and mirror destination of a VirtualService
 * against the service registry (ServiceEntries and Services visible from the VirtualService's namespace
 * and exportTo):
 * - IST0101 ReferencedResourceNotFound: no such host, or the host has no port with the given number
 *   (a missing host is reported only when the workspace defines Services or a cluster is connected:
 *   a repository of mesh config alone cannot know which Services exist);
 * - IST0112 VirtualServiceDestinationPortSelectorRequired: no port given but the service exposes several;
 * - IST0140 IngressRouteRulesNotAffected: a gateway-bound route without subset goes to a host whose
 *   mesh VirtualService routes by subset, so those subset rules do not apply to ingress traffic.
 */
import type { AnalysisContext, Analyzer, FieldPath, Finding } from '../../analysis/analyzer';
import {
  exportToOf,
  lookupDestinationHost,
  portNumbers,
  serviceHostMap,
  stringList,
  type RegisteredService,
} from '../../mesh/service-registry';
import { asArray, asString, displayName, get, type MeshResource } from '../../workspace/resource';
import { mirrorDestinations, routeDestinations, type RouteDestination } from './route-destinations';

export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  analyze(ctx, report) {
    const registry = serviceHostMap(ctx);
    // Whether host existence can be judged: a workspace of mesh config alone (Services deployed from
    // elsewhere, no cluster connected) would otherwise flag every destination host.
    const knowsServices = ctx.cluster !== undefined || ctx.index.ofKind('Service', '').length > 0;
    const subsetRoutes = subsetRoutesByVirtualService(ctx);
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      const exportTo = exportToOf(vs);
      for (const d of routeDestinations(vs.value)) {
        checkDestination(vs, d, 'host', exportTo, registry, knowsServices, report);
      }
      for (const d of mirrorDestinations(vs.value)) {
        checkDestination(vs, d, 'mirror host', exportTo, registry, knowsServices, report);
      }
      checkIngressRoutesWithoutSubset(vs, subsetRoutes, report);
    }
  },
};

function checkDestination(
  vs: MeshResource,
  d: RouteDestination,
  what: string,
  exportTo: readonly string[],
  registry: ReadonlyMap<string, RegisteredService>,
  knowsServices: boolean,
  report: (f: Finding) => void,
): void {
  const host = asString(d.destination.host) ?? '';
  const service = lookupDestinationHost(registry, vs.namespace, exportTo, host);
  if (!service) {
    if (!knowsServices) return;
    const namespaces = exportTo.map((e) => (e === '.' ? vs.namespace : e));
    const scope = exportTo.length
      ? `its exportTo namespaces (${namespaces.join(', ')})`
      : `namespace ${vs.namespace}`;
    report({
      message: 'ReferencedResourceNotFound',
      resource: vs,
      path: hostPath(vs, d),
      text: host
        ? `Referenced ${what} not found: '${host}' (no Service or ServiceEntry with this host is visible in ${scope})`
        : `Referenced ${what} not found: the destination has no host`,
    });
    return;
  }
  checkPort(vs, d, host, service, report);
}

function checkPort(
  vs: MeshResource,
  d: RouteDestination,
  host: string,
  service: RegisteredService,
  report: (f: Finding) => void,
): void {
  const related = service.resource
    ? [{ resource: service.resource, path: ['spec', 'ports'], message: `Ports of ${host}` }]
    : undefined;
  const ports = portNumbers(service);
  const port = get(d.destination, 'port', 'number');
  if (port === undefined) {
    if (ports.length <= 1) return;
    report({
      message: 'VirtualServiceDestinationPortSelectorRequired',
      resource: vs,
      path: [...d.path, 'host'],
      text: `Destination '${host}' exposes several ports (${ports.join(', ')}): select one with port.number`,
      related,
    });
    return;
  }
  if (ports.includes(Number(port))) return;
  report({
    message: 'ReferencedResourceNotFound',
    resource: vs,
    path: [...d.path, 'port', 'number'],
    text: `Referenced host:port not found: '${host}:${String(port)}' (${host} exposes ${ports.length ? `ports ${ports.join(', ')}` : 'no ports'})`,
    related,
  });
}

/** The destination's host, else the destination, else (for `- {}`) the route entry holding it. */
function hostPath(vs: MeshResource, d: RouteDestination): FieldPath {
  if (get(d.destination, 'host') !== undefined) return [...d.path, 'host'];
  return get(vs.value, ...d.path) !== undefined ? d.path : d.path.slice(0, -1);
}

interface SubsetRoute {
  vs: MeshResource;
  host: string;
  path: FieldPath;
}

/** HTTP route destinations with a subset whose host is one of their VirtualService's own hosts. */
function subsetRoutesByVirtualService(ctx: AnalysisContext): SubsetRoute[] {
  const out: SubsetRoute[] = [];
  for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
    const hosts = stringList(get(vs.value, 'spec', 'hosts'));
    for (const d of routeDestinations(vs.value)) {
      if (d.protocol !== 'http' || !asString(d.destination.subset)) continue;
      const host = asString(d.destination.host) ?? '';
      for (const h of hosts) if (h === host) out.push({ vs, host, path: d.path });
    }
  }
  return out;
}

function checkIngressRoutesWithoutSubset(
  vs: MeshResource,
  subsetRoutes: readonly SubsetRoute[],
  report: (f: Finding) => void,
): void {
  if (asArray(get(vs.value, 'spec', 'gateways')).length === 0) return;
  for (const d of routeDestinations(vs.value)) {
    if (d.protocol !== 'http' || asString(d.destination.subset)) continue;
    const host = asString(d.destination.host) ?? '';
    for (const other of subsetRoutes) {
      if (other.host !== host) continue;
      report({
        message: 'IngressRouteRulesNotAffected',
        resource: vs,
        path: [...d.path, 'host'],
        text:
          `Route to '${host}' has no subset, so the subset routing of VirtualService ${displayName(other.vs)} ` +
          `does not apply to traffic from this gateway; name the subset here too`,
        related: [
          { resource: other.vs, path: [...other.path, 'subset'], message: `Subset route for ${host}` },
        ],
      });
    }
  }
}
