/**
 * The PromQL behind one graph refresh: three queries whatever the graph size, over Istio's standard
 * metrics, in the manner of Kiali (request rates, duration histogram buckets, TCP bytes). Each selects the traffic *into* the chosen namespaces (reported by the
 * destination sidecar) and *out of* them (destination- and source-reported, the latter covering
 * destinations without a sidecar: external hosts, non-mesh workloads). The `reporter` label is kept so
 * the model prefers the destination's view of an edge and falls back to the source's.
 */

/** Labels identifying an edge between a source workload, a destination service and a destination workload. */
export const EDGE_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_canonical_service',
  'destination_workload',
  'destination_workload_namespace',
  'destination_canonical_service',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
] as const;

/** The request-rate query also splits by outcome, protocol and mTLS. */
export const REQUEST_LABELS = [
  ...EDGE_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'connection_security_policy',
] as const;

/**
 * Duration buckets per (source workload, destination service, destination workload): the finest edge
 * grouping, which the model sums into `source → service` and `service → workload` edges before taking
 * p50/p95/p99 (histogram-quantile.ts). One rate evaluation on the server instead of three
 * `histogram_quantile` calls per grouping — about four times faster on a 300-service mesh.
 */
export const LATENCY_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_workload',
  'destination_workload_namespace',
  'le',
] as const;

export interface GraphQueryOptions {
  /** namespaces whose traffic is shown; empty: all */
  namespaces: readonly string[];
  /** rate window, a Prometheus duration such as `1m` or `5m` */
  window: string;
}

/** The queries of one refresh, by role. */
export interface GraphQueries {
  requests: string;
  latencyBuckets: string;
  tcp: string;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** Throws on a window Prometheus would reject (and that could otherwise inject PromQL). */
export function checkWindow(window: string): string {
  if (!DURATION.test(window)) throw new Error(`not a Prometheus duration: "${window}"`);
  return window;
}

/** Regex alternation matching exactly the namespaces (all when none). */
export function namespaceRegex(namespaces: readonly string[]): string {
  if (!namespaces.length) return '.+';
  return namespaces.map((n) => n.replace(/[\\^$.|?*+()[\]{}"]/g, (c) => `\\\\${c}`)).join('|');
}

/**
 * `rate(metric[window])` of the series into or out of the namespaces: destination-reported with the
 * destination service in them, destination-reported from a source in them (calls leaving them), and
 * source-reported from a source in them to a destination without a sidecar (external hosts, non-mesh
 * workloads: nobody else reports those). `or` drops exact duplicates; with no namespace filter the
 * first selector already holds every destination-reported series.
 */
export function trafficRate(metric: string, o: GraphQueryOptions): string {
  const ns = namespaceRegex(o.namespaces);
  const w = checkWindow(o.window);
  return [
    `rate(${metric}{reporter="destination",destination_service_namespace=~"${ns}"}[${w}])`,
    ...(o.namespaces.length
      ? [`rate(${metric}{reporter="destination",source_workload_namespace=~"${ns}"}[${w}])`]
      : []),
    `rate(${metric}{reporter="source",source_workload_namespace=~"${ns}",destination_workload="unknown"}[${w}])`,
  ].join(' or ');
}

const by = (labels: readonly string[]) => `sum by (${labels.join(',')})`;

/** How many queries one refresh issues (whatever the graph size). */
export const QUERIES_PER_REFRESH = 3;

/** The queries of one refresh. */
export function graphQueries(o: GraphQueryOptions): GraphQueries {
  const tagged = (metric: string, direction: string) =>
    `label_replace(${trafficRate(metric, o)}, "direction", "${direction}", "", "")`;
  return {
    requests: `${by(REQUEST_LABELS)} (${trafficRate('istio_requests_total', o)}) > 0`,
    // no `> 0` here: empty low buckets bound the interpolation like on the server
    latencyBuckets: `${by(LATENCY_LABELS)} (${trafficRate('istio_request_duration_milliseconds_bucket', o)})`,
    // sent and received rates have the same labels once the name is gone: tag them apart, then add
    tcp:
      `${by([...EDGE_LABELS, 'connection_security_policy'])} (` +
      `${tagged('istio_tcp_sent_bytes_total', 'sent')} or ${tagged('istio_tcp_received_bytes_total', 'received')}) > 0`,
  };
}
