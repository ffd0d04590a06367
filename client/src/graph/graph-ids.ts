/**
 * Node identity from Istio telemetry labels: which node a series' source and destination are
 * (`workload:NS/NAME`, `service:NS/NAME`, `ingress:NS/NAME`, `unknown`, `external:HOST`), shared by the
 * telemetry model and the config overlay so both name the same node the same way.
 */
import type { GraphEdge, GraphNode, GraphNodeKind } from './graph-types';

export const UNKNOWN_ID = 'unknown';
export const workloadId = (ns: string, name: string): string => `workload:${ns}/${name}`;
export const serviceId = (ns: string, name: string): string => `service:${ns}/${name}`;
export const ingressId = (ns: string, name: string): string => `ingress:${ns}/${name}`;
export const externalId = (host: string): string => `external:${host}`;
export const edgeId = (source: string, target: string): string => `${source}->${target}`;

const isUnknown = (v: string | undefined): boolean => !v || v === 'unknown';

/** Ingress gateways by their workload name (Istio's `istio-ingressgateway`, Helm `*-ingressgateway`, `*-ingress`). */
export const isIngressName = (workload: string): boolean =>
  /ingress(gateway)?$|ingressgateway/.test(workload);

/** A node without telemetry figures yet. */
/** An edge with no traffic yet (`configOnly` when only routing config implies it). */
export function blankEdge(source: string, target: string, extra: Partial<GraphEdge> = {}): GraphEdge {
  return {
    id: edgeId(source, target),
    source,
    target,
    protocol: 'unknown',
    requestsPerSecond: 0,
    errorRate: 0,
    responseCodes: {},
    latency: {},
    configOnly: false,
    config: {},
    ...extra,
  };
}

export function blankNode(
  id: string,
  kind: GraphNodeKind,
  namespace: string,
  name: string,
  extra: Partial<GraphNode> = {},
): GraphNode {
  return {
    id,
    kind,
    namespace,
    name,
    requestsPerSecond: 0,
    errorRate: 0,
    idle: true,
    resources: [],
    ...extra,
  };
}

/** The source node of a series (`unknown` when the source has no sidecar and no gateway reported it). */
export function sourceNode(m: Record<string, string>): GraphNode {
  const name = m.source_workload;
  const ns = m.source_workload_namespace;
  if (isUnknown(name) || isUnknown(ns)) return blankNode(UNKNOWN_ID, 'unknown', '', 'unknown');
  const app = isUnknown(m.source_canonical_service) ? undefined : m.source_canonical_service;
  if (isIngressName(name!)) return blankNode(ingressId(ns!, name!), 'ingress', ns!, name!, { app });
  return blankNode(workloadId(ns!, name!), 'workload', ns!, name!, { app });
}

/**
 * The destination service node of a series: a Kubernetes service, an external host (ServiceEntry
 * hosts and passthrough traffic have no destination workload and a host that is not cluster-local),
 * or undefined when the destination service is unknown.
 */
export function serviceNode(m: Record<string, string>): GraphNode | undefined {
  const host = isUnknown(m.destination_service) ? m.destination_service_name : m.destination_service;
  const name = m.destination_service_name;
  const ns = m.destination_service_namespace;
  if (isUnknown(host) && isUnknown(name)) return undefined;
  const clusterLocal = !!host && /\.svc\.cluster\.local$/.test(host);
  if (isUnknown(m.destination_workload) && (!clusterLocal || isUnknown(ns))) {
    const h = isUnknown(host) ? name! : host!;
    return blankNode(externalId(h), 'external', '', h);
  }
  if (isUnknown(name) || isUnknown(ns)) return undefined;
  return blankNode(serviceId(ns!, name!), 'service', ns!, name!);
}

/** The destination workload node of a series, or undefined when unknown. */
export function destinationWorkloadNode(m: Record<string, string>): GraphNode | undefined {
  const name = m.destination_workload;
  const ns = m.destination_workload_namespace;
  if (isUnknown(name) || isUnknown(ns)) return undefined;
  const app = isUnknown(m.destination_canonical_service) ? undefined : m.destination_canonical_service;
  const version = isUnknown(m.destination_version) ? undefined : m.destination_version;
  if (isIngressName(name!)) return blankNode(ingressId(ns!, name!), 'ingress', ns!, name!, { app });
  return blankNode(workloadId(ns!, name!), 'workload', ns!, name!, { app, version });
}
