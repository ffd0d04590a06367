/**
 * The service graph as plain data: what the pure model builds from Prometheus and the config overlay,
 * and what the webview renders. Shared by client/src/graph and media/graph (sent over postMessage), so
 * it holds only JSON-safe values.
 */

export type GraphNodeKind = 'workload' | 'service' | 'ingress' | 'unknown' | 'external';

export interface GraphNode {
  /** stable across refreshes, e.g. `workload:bookinfo/reviews-v2`, `service:bookinfo/reviews` */
  id: string;
  kind: GraphNodeKind;
  /** namespace box the node is drawn in ('' for unknown/external sources) */
  namespace: string;
  /** display name: workload, service or host name */
  name: string;
  /** app label / canonical service of a workload (groups versions) */
  app?: string;
  /** version label of a workload */
  version?: string;
  /** whether the workload has an istio-proxy (from the cluster; undefined when unknown) */
  hasSidecar?: boolean;
  /** traffic handled by the node (sum of incoming edges) over the window */
  requestsPerSecond: number;
  /** share of incoming requests that failed, 0..1 */
  errorRate: number;
  /** true when no telemetry was seen for the node (config-only) */
  idle: boolean;
  /** Kubernetes / Istio objects behind the node, for "open YAML" and "tail logs" */
  resources: GraphResourceRef[];
}

export interface GraphResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** the object comes from this workspace file (it wins over the cluster's object of the same name) */
  file?: WorkspaceFileRef;
}

/** Where a manifest of the workspace is: "open YAML" opens the file at the document. */
export interface WorkspaceFileRef {
  /** file URI */
  uri: string;
  /** workspace-relative path, for display */
  path: string;
  /** 0-based line of the document's start in the file */
  line: number;
}

export type Protocol = 'http' | 'grpc' | 'tcp' | 'unknown';

export interface LatencyQuantiles {
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface GraphEdge {
  /** `${source}->${target}` */
  id: string;
  source: string;
  target: string;
  protocol: Protocol;
  /** HTTP/gRPC requests per second (0 for TCP edges) */
  requestsPerSecond: number;
  /** failed share 0..1: 5xx for HTTP, non-OK grpc-status for gRPC */
  errorRate: number;
  /** responses per code over the window, e.g. { "200": 9.5, "503": 0.5 } (per second) */
  responseCodes: Record<string, number>;
  /**
   * gRPC requests per second by HTTP code, then grpc-status, e.g. { "200": { "0": 9.5, "14": 0.5 } }: a
   * failed gRPC call usually ends with HTTP 200, its outcome is the status (grpc-status.ts names them).
   * Absent on edges without gRPC traffic.
   */
  grpcStatuses?: Record<string, Record<string, number>>;
  /** milliseconds */
  latency: LatencyQuantiles;
  /** share of requests (or bytes for TCP) sent with mutual TLS, 0..1; undefined when unknown */
  mtlsShare?: number;
  /** TCP edges: bytes per second sent + received */
  bytesPerSecond?: number;
  /** config overlay: routing config implies this edge but telemetry has not seen it (dashed) */
  configOnly: boolean;
  /** config overlay on the edge (weights, faults, retries, timeouts, circuit breaking) */
  config: EdgeConfig;
}

export interface EdgeConfig {
  /** VirtualService weight of this destination (percent), when the route splits traffic */
  weight?: number;
  virtualService?: GraphResourceRef;
  destinationRule?: GraphResourceRef;
  /** e.g. "abort 10% 503", "delay 5% 2s" */
  faults?: string[];
  /** e.g. "3 attempts, 2s per try" */
  retries?: string;
  timeout?: string;
  /** e.g. "max 100 connections, outlier: 5 consecutive 5xx → eject 30s" */
  circuitBreaker?: string;
}

export type GraphMode = 'telemetry' | 'config-only';

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** namespaces shown (boxes) */
  namespaces: string[];
  /** the time window of the rates, e.g. '5m' */
  window: string;
  /** evaluation time of the queries (ms since epoch) */
  time: number;
  mode: GraphMode;
  /** why the mode is config-only, or other notices for the user (Prometheus unreachable, …) */
  notices: string[];
  /** queries issued to build this graph (the benchmark checks ≤ 4) */
  queries: number;
}
