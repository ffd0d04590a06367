/**
 * References of one resource: VirtualService destinations (`host`, `subset`) and `gateways` entries,
 * DestinationRule `host`, Gateway API parentRefs and backendRefs, and workload selectors.
 */
import type { FieldPath } from '../analysis/analyzer';
import { mirrorDestinations, routeDestinations } from '../analyzers/virtualservice/route-destinations';
import { resolveShortName, serviceFqdn, splitNamespacedHost } from '../mesh/hosts';
import { asArray, asString, get, type MeshResource } from '../workspace/resource';
import { GATEWAY_API, ISTIO_NETWORKING, labelMap } from './extract-targets';
import { scalarSite, subSpan } from './spans';
import type { Reference } from './types';

const SECURITY = 'security.istio.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

interface SelectorField {
  kind: string;
  group: string;
  path: FieldPath;
  /** In the root namespace the resource applies to workloads of every namespace. */
  rootScoped?: boolean;
  /** Always selects across namespaces (Istio Gateway selectors). */
  anyNamespace?: boolean;
}

const SELECTORS: readonly SelectorField[] = [
  { kind: 'Sidecar', group: ISTIO_NETWORKING, path: ['spec', 'workloadSelector', 'labels'] },
  {
    kind: 'EnvoyFilter',
    group: ISTIO_NETWORKING,
    path: ['spec', 'workloadSelector', 'labels'],
    rootScoped: true,
  },
  { kind: 'ServiceEntry', group: ISTIO_NETWORKING, path: ['spec', 'workloadSelector', 'labels'] },
  { kind: 'DestinationRule', group: ISTIO_NETWORKING, path: ['spec', 'workloadSelector', 'matchLabels'] },
  { kind: 'Gateway', group: ISTIO_NETWORKING, path: ['spec', 'selector'], anyNamespace: true },
  {
    kind: 'AuthorizationPolicy',
    group: SECURITY,
    path: ['spec', 'selector', 'matchLabels'],
    rootScoped: true,
  },
  {
    kind: 'PeerAuthentication',
    group: SECURITY,
    path: ['spec', 'selector', 'matchLabels'],
    rootScoped: true,
  },
  {
    kind: 'RequestAuthentication',
    group: SECURITY,
    path: ['spec', 'selector', 'matchLabels'],
    rootScoped: true,
  },
  {
    kind: 'Telemetry',
    group: 'telemetry.istio.io',
    path: ['spec', 'selector', 'matchLabels'],
    rootScoped: true,
  },
  {
    kind: 'WasmPlugin',
    group: 'extensions.istio.io',
    path: ['spec', 'selector', 'matchLabels'],
    rootScoped: true,
  },
  { kind: 'Service', group: '', path: ['spec', 'selector'] },
];

/** The references a resource makes; `rootNamespace` is the mesh root namespace (istio-system). */
export function extractReferences(resource: MeshResource, rootNamespace: string): Reference[] {
  const out: Reference[] = [];
  const { kind, group } = resource;
  if (kind === 'VirtualService' && group === ISTIO_NETWORKING) virtualService(resource, out);
  if (kind === 'DestinationRule' && group === ISTIO_NETWORKING) hostRef(resource, ['spec', 'host'], out);
  if (ROUTE_KINDS.has(kind) && group === GATEWAY_API) gatewayApiRoute(resource, out);
  for (const field of SELECTORS) {
    if (field.kind !== kind || field.group !== group) continue;
    const map = labelMap(resource, field.path);
    if (!map) continue;
    const anyNamespace =
      field.anyNamespace === true || (field.rootScoped === true && resource.namespace === rootNamespace);
    out.push({ type: 'selector', resource, path: field.path, ...map, anyNamespace });
  }
  return out;
}

function virtualService(vs: MeshResource, out: Reference[]): void {
  for (const d of [...routeDestinations(vs.value), ...mirrorDestinations(vs.value)]) {
    const host = hostRef(vs, [...d.path, 'host'], out);
    const path = [...d.path, 'subset'];
    const site = scalarSite(vs, path);
    if (!host || !site) continue;
    out.push({
      type: 'subset',
      resource: vs,
      path,
      span: site.span,
      nameSpan: site.text,
      name: site.value,
      host,
    });
  }
  asArray(get(vs.value, 'spec', 'gateways')).forEach((_, i) => gatewayRef(vs, ['spec', 'gateways', i], out));
  for (const protocol of ['http', 'tcp', 'tls']) {
    asArray(get(vs.value, 'spec', protocol)).forEach((rule, i) => {
      asArray(get(rule, 'match')).forEach((match, j) => {
        asArray(get(match, 'gateways')).forEach((_, k) => {
          gatewayRef(vs, ['spec', protocol, i, 'match', j, 'gateways', k], out);
        });
      });
    });
  }
}

/** A host field; returns the expanded host (short names against the resource's namespace). */
function hostRef(resource: MeshResource, path: FieldPath, out: Reference[]): string | undefined {
  const site = scalarSite(resource, path);
  if (!site || !site.value) return undefined;
  const host = resolveShortName(site.value, resource.namespace);
  out.push({ type: 'host', resource, path, span: site.span, host, raw: site.value });
  return host;
}

/**
 * A VirtualService gateway: `name` (the VirtualService's namespace), `ns/name`, or the deprecated
 * `name.ns.svc.cluster.local` form. `mesh` (the sidecars) is not a reference.
 */
function gatewayRef(vs: MeshResource, path: FieldPath, out: Reference[]): void {
  const site = scalarSite(vs, path);
  if (!site || !site.value || site.value === 'mesh') return;
  const raw = site.value;
  let namespace = vs.namespace;
  let name = raw;
  let from = 0;
  if (raw.includes('/')) {
    const split = splitNamespacedHost(raw);
    namespace = split.namespace ?? namespace;
    name = split.host;
    from = raw.length - name.length;
  } else if (raw.includes('.')) {
    const [first, second] = raw.split('.');
    name = first!;
    namespace = second || namespace;
  }
  if (!name) return;
  const nameSpan = subSpan(site, from, from + name.length);
  out.push({
    type: 'gateway',
    resource: vs,
    path,
    span: site.span,
    nameSpan,
    api: 'istio',
    namespace,
    name,
    raw,
  });
}

function gatewayApiRoute(route: MeshResource, out: Reference[]): void {
  asArray(get(route.value, 'spec', 'parentRefs')).forEach((ref, i) => {
    const kind = asString(get(ref, 'kind')) ?? 'Gateway';
    const group = asString(get(ref, 'group')) ?? GATEWAY_API;
    if (kind === 'Gateway' && group === GATEWAY_API) {
      const path = ['spec', 'parentRefs', i, 'name'];
      const site = scalarSite(route, path);
      if (!site || !site.value) return;
      const namespace = asString(get(ref, 'namespace')) ?? route.namespace;
      out.push({
        type: 'gateway',
        resource: route,
        path,
        span: site.span,
        nameSpan: site.text,
        api: 'gateway-api',
        namespace,
        name: site.value,
        raw: site.value,
      });
    } else if (kind === 'Service' && (group === '' || group === 'core')) {
      serviceRef(route, ref, ['spec', 'parentRefs', i, 'name'], out);
    }
  });
  asArray(get(route.value, 'spec', 'rules')).forEach((rule, i) => {
    asArray(get(rule, 'backendRefs')).forEach((ref, j) => {
      const kind = asString(get(ref, 'kind')) ?? 'Service';
      const group = asString(get(ref, 'group')) ?? '';
      if (kind === 'Service' && (group === '' || group === 'core')) {
        serviceRef(route, ref, ['spec', 'rules', i, 'backendRefs', j, 'name'], out);
      }
    });
  });
}

/** A Gateway API object reference to a Service (`name` + optional `namespace`). */
function serviceRef(route: MeshResource, ref: unknown, path: FieldPath, out: Reference[]): void {
  const site = scalarSite(route, path);
  if (!site || !site.value) return;
  const namespace = asString(get(ref, 'namespace')) ?? route.namespace;
  out.push({
    type: 'host',
    resource: route,
    path,
    span: site.span,
    host: serviceFqdn(site.value, namespace),
    raw: site.value,
  });
}
