/**
 * The pure telemetry model: the three query results of one refresh (queries.ts) → a ServiceGraph.
 * Service nodes are injected between a source workload and the destination workloads (Kiali's
 * "service nodes"): `source → service` edges carry the calls a source makes to a service,
 * `service → workload` edges how that service's traffic reaches each (versioned) workload. For each
 * edge the destination sidecar's report wins; the source's report is used when the destination has no
 * sidecar (external hosts, non-mesh workloads).
 */
import { isGrpcStatus } from './grpc-status';
import { addBucket, histogramQuantiles, type Buckets } from './histogram-quantile';
import type { PromSample } from './prometheus-client';
import { blankEdge, destinationWorkloadNode, edgeId, serviceNode, sourceNode } from './graph-ids';
import type { GraphEdge, GraphNode, LatencyQuantiles, Protocol, ServiceGraph } from './graph-types';

/** The results of the graph queries. */
export interface TelemetryVectors {
  requests: PromSample[];
  /** duration bucket rates by (source, destination service, destination workload, le) */
  latencyBuckets: PromSample[];
  tcp: PromSample[];
}

export interface ModelOptions {
  namespaces: readonly string[];
  window: string;
  /** ms since epoch */
  time: number;
  /** queries issued (reported on the graph) */
  queries: number;
}

/** Whether a request series counts as failed: 5xx, or a non-OK grpc-status for gRPC. */
export function isErrorSeries(m: Record<string, string>): boolean {
  const code = Number(m.response_code);
  if (code >= 500 && code <= 599) return true;
  const grpc = m.grpc_response_status;
  return m.request_protocol === 'grpc' && !!grpc && grpc !== '0' && grpc !== 'unknown';
}

interface EdgeAccumulator {
  edge: GraphEdge;
  errors: number;
  mtls: number;
  /** traffic whose security policy is known (destination-reported) */
  secured: number;
  byProtocol: Map<Protocol, number>;
  tcpBytes: number;
  tcpMtls: number;
  tcpSecured: number;
}

/** Builds the graph's nodes and edges from telemetry; see the module comment for the shape. */
export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, EdgeAccumulator>();

  /** Adds the node unless known, filling app/version when the known one lacks them. */
  node(n: GraphNode): GraphNode {
    const known = this.nodes.get(n.id);
    if (!known) {
      this.nodes.set(n.id, n);
      return n;
    }
    known.app ??= n.app;
    known.version ??= n.version;
    return known;
  }

  private acc(source: string, target: string): EdgeAccumulator {
    const id = edgeId(source, target);
    let a = this.edges.get(id);
    if (!a) {
      a = {
        edge: blankEdge(source, target),
        errors: 0,
        mtls: 0,
        secured: 0,
        byProtocol: new Map(),
        tcpBytes: 0,
        tcpMtls: 0,
        tcpSecured: 0,
      };
      this.edges.set(id, a);
    }
    return a;
  }

  /** The hops of a series: `source → service → workload`, or `source → workload` without a known service. */
  private hops(m: Record<string, string>): [string, string][] {
    const src = this.node(sourceNode(m)).id;
    const svcNode = serviceNode(m);
    const svc = svcNode && this.node(svcNode).id;
    const wlNode = destinationWorkloadNode(m);
    const wl = wlNode && this.node(wlNode).id;
    if (svc && wl)
      return [
        [src, svc],
        [svc, wl],
      ];
    if (svc) return [[src, svc]];
    if (wl) return [[src, wl]];
    return [];
  }

  addRequests(samples: readonly PromSample[]): void {
    for (const s of preferDestinationReporter(samples, edgeKey)) {
      if (!(s.value > 0)) continue;
      const m = s.metric;
      const protocol: Protocol = m.request_protocol === 'grpc' ? 'grpc' : 'http';
      const error = isErrorSeries(m);
      const policy = m.connection_security_policy;
      const code = m.response_code || 'unknown';
      const grpcStatus =
        protocol === 'grpc' && isGrpcStatus(m.grpc_response_status) ? m.grpc_response_status : undefined;
      for (const [from, to] of this.hops(m)) {
        const a = this.acc(from, to);
        a.edge.requestsPerSecond += s.value;
        a.edge.responseCodes[code] = (a.edge.responseCodes[code] ?? 0) + s.value;
        if (grpcStatus !== undefined) {
          const statuses = ((a.edge.grpcStatuses ??= {})[code] ??= {});
          statuses[grpcStatus] = (statuses[grpcStatus] ?? 0) + s.value;
        }
        if (error) a.errors += s.value;
        if (policy === 'mutual_tls' || policy === 'none') {
          a.secured += s.value;
          if (policy === 'mutual_tls') a.mtls += s.value;
        }
        a.byProtocol.set(protocol, (a.byProtocol.get(protocol) ?? 0) + s.value);
      }
    }
  }

  addTcp(samples: readonly PromSample[]): void {
    for (const s of preferDestinationReporter(samples, edgeKey)) {
      if (!(s.value > 0)) continue;
      const policy = s.metric.connection_security_policy;
      for (const [from, to] of this.hops(s.metric)) {
        const a = this.acc(from, to);
        a.tcpBytes += s.value;
        if (policy === 'mutual_tls' || policy === 'none') {
          a.tcpSecured += s.value;
          if (policy === 'mutual_tls') a.tcpMtls += s.value;
        }
      }
    }
  }

  /**
   * p50/p95/p99 per edge from the duration buckets: each series' buckets count for every hop of its
   * edge (`source → service` sums over the service's workloads, `service → workload` over its callers).
   */
  addLatencyBuckets(samples: readonly PromSample[]): void {
    // one bucket set per reported triple first: hops and reporter choice once per triple, not per `le`
    // (looked up through nested maps of label values: no key strings built per sample)
    const triples = new LabelTrie<{ metric: Record<string, string>; triple: string; buckets: Buckets }>(
      TRIPLE_LABELS,
    );
    const reportedByDestination = new Set<string>();
    for (const s of samples) {
      const m = s.metric;
      if (m.le === undefined) continue;
      const t = triples.get(m, () => {
        const triple = edgeKey(m, false);
        if (m.reporter === 'destination') reportedByDestination.add(triple);
        return { metric: m, triple, buckets: new Map() };
      });
      addBucket(t.buckets, m.le, s.value);
    }
    const perEdge = new Map<string, Buckets>();
    for (const t of triples.values()) {
      if (t.metric.reporter !== 'destination' && reportedByDestination.has(t.triple)) continue;
      for (const [from, to] of this.hops(t.metric)) {
        const id = edgeId(from, to);
        if (!this.edges.has(id)) continue; // buckets of an edge without requests in the window
        const into = perEdge.get(id);
        if (!into) perEdge.set(id, new Map(t.buckets));
        else for (const [le, v] of t.buckets) into.set(le, (into.get(le) ?? 0) + v);
      }
    }
    for (const [id, buckets] of perEdge) {
      const latency = this.edges.get(id)!.edge.latency;
      const values = histogramQuantiles(
        QUANTILES.map(([q]) => q),
        buckets,
      );
      QUANTILES.forEach(([, key], k) => {
        if (Number.isFinite(values[k])) latency[key] = round(values[k]!, 3);
      });
    }
  }

  /** Finishes edge ratios and node sums. */
  build(o: ModelOptions): ServiceGraph {
    const edges: GraphEdge[] = [];
    for (const a of this.edges.values()) {
      const e = a.edge;
      if (e.requestsPerSecond > 0) {
        e.errorRate = a.errors / e.requestsPerSecond;
        e.protocol = [...a.byProtocol].sort((x, y) => y[1] - x[1])[0]![0];
        if (a.secured > 0) e.mtlsShare = a.mtls / a.secured;
      } else if (a.tcpBytes > 0) {
        e.protocol = 'tcp';
        if (a.tcpSecured > 0) e.mtlsShare = a.tcpMtls / a.tcpSecured;
      }
      if (a.tcpBytes > 0) e.bytesPerSecond = a.tcpBytes;
      edges.push(e);
    }
    const incoming = new Map<string, { rps: number; errors: number }>();
    for (const a of this.edges.values()) {
      const t = incoming.get(a.edge.target) ?? { rps: 0, errors: 0 };
      t.rps += a.edge.requestsPerSecond;
      t.errors += a.errors;
      incoming.set(a.edge.target, t);
    }
    const touched = new Set(edges.flatMap((e) => [e.source, e.target]));
    for (const n of this.nodes.values()) {
      const t = incoming.get(n.id);
      n.requestsPerSecond = t?.rps ?? 0;
      n.errorRate = t && t.rps > 0 ? t.errors / t.rps : 0;
      n.idle = !touched.has(n.id);
    }
    return {
      nodes: [...this.nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
      edges: edges.sort((a, b) => a.id.localeCompare(b.id)),
      namespaces: [...o.namespaces],
      window: o.window,
      time: o.time,
      mode: 'telemetry',
      notices: [],
      queries: o.queries,
    };
  }
}

const QUANTILES: [number, keyof LatencyQuantiles][] = [
  [0.5, 'p50'],
  [0.95, 'p95'],
  [0.99, 'p99'],
];
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The labels of a reported (source, destination service, destination workload) triple. */
const TRIPLE_LABELS = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'destination_service_name',
  'destination_service_namespace',
  'destination_service',
  'destination_workload',
  'destination_workload_namespace',
];

/** Entries keyed by the values of fixed labels, through one Map per label (no key strings). */
class LabelTrie<T> {
  private readonly root = new Map<string, unknown>();
  private readonly entries: T[] = [];

  constructor(private readonly labels: readonly string[]) {}

  get(m: Record<string, string>, create: () => T): T {
    let level = this.root;
    const last = this.labels.length - 1;
    for (let i = 0; i < last; i++) {
      const v = m[this.labels[i]!] ?? '';
      let next = level.get(v) as Map<string, unknown> | undefined;
      if (!next) level.set(v, (next = new Map()));
      level = next;
    }
    const v = m[this.labels[last]!] ?? '';
    let entry = level.get(v) as T | undefined;
    if (entry === undefined) {
      entry = create();
      level.set(v, entry);
      this.entries.push(entry);
    }
    return entry;
  }

  values(): readonly T[] {
    return this.entries;
  }
}

/** One (source, destination service, destination workload) triple (and the bucket of bucket series). */
const edgeKey = (m: Record<string, string>, withLe = true) =>
  `${m.source_workload_namespace}/${m.source_workload}|${m.destination_service_namespace}/` +
  `${m.destination_service_name}/${m.destination_service}|${m.destination_workload_namespace}/` +
  `${m.destination_workload}${withLe ? `|${m.le ?? ''}` : ''}`;

/**
 * The series to use: for each key, the destination-reported series when there is any, else the
 * source-reported ones (never both: they count the same requests).
 */
export function preferDestinationReporter(
  samples: readonly PromSample[],
  key: (m: Record<string, string>) => string,
): PromSample[] {
  const reportedByDestination = new Set<string>();
  for (const s of samples) if (s.metric.reporter === 'destination') reportedByDestination.add(key(s.metric));
  return samples.filter(
    (s) => s.metric.reporter === 'destination' || !reportedByDestination.has(key(s.metric)),
  );
}

/** The telemetry graph of one refresh (mode `telemetry`, no config overlay yet). */
export function buildGraphModel(v: TelemetryVectors, o: ModelOptions): ServiceGraph {
  const b = new GraphBuilder();
  b.addRequests(v.requests);
  b.addTcp(v.tcp);
  b.addLatencyBuckets(v.latencyBuckets);
  return b.build(o);
}
