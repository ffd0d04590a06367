/**
 * The peer of the benchmark: the naive way to fill a service graph from Prometheus — find the edges,
 * then ask for each edge's figures one query at a time (rate, error rate, p50, p95, p99), as a client
 * without grouped (`sum by`) queries would. Issued with bounded concurrency against the same Prometheus.
 */
import type { PrometheusClient } from '../../client/src/graph/prometheus-client';

export interface NaiveResult {
  queries: number;
  edges: number;
  ms: number;
}

const QUERIES_PER_EDGE = 5;
export const naiveQueriesFor = (edges: number): number => 1 + QUERIES_PER_EDGE * edges;

/** Runs the naive refresh for all namespaces of the window at `time`. */
export async function naiveRefresh(
  client: PrometheusClient,
  window: string,
  time: number,
  concurrency = 8,
): Promise<NaiveResult> {
  const start = performance.now();
  let queries = 0;
  const q = (promql: string) => {
    queries++;
    return client.query(promql, { time });
  };
  const edgeLabels = [
    'source_workload',
    'source_workload_namespace',
    'destination_service_name',
    'destination_service_namespace',
    'destination_workload',
    'destination_workload_namespace',
  ];
  const found = await q(`group by (${edgeLabels.join(',')}) (istio_requests_total{reporter="destination"})`);
  // source → service and service → workload edges, each with its own selector
  const selectors = new Set<string>();
  for (const s of found) {
    const m = s.metric;
    selectors.add(
      `source_workload="${m.source_workload}",source_workload_namespace="${m.source_workload_namespace}",` +
        `destination_service_name="${m.destination_service_name}",destination_service_namespace="${m.destination_service_namespace}"`,
    );
    selectors.add(
      `destination_service_name="${m.destination_service_name}",destination_service_namespace="${m.destination_service_namespace}",` +
        `destination_workload="${m.destination_workload}",destination_workload_namespace="${m.destination_workload_namespace}"`,
    );
  }
  const jobs: string[] = [];
  for (const sel of selectors) {
    const base = `reporter="destination",${sel}`;
    jobs.push(`sum(rate(istio_requests_total{${base}}[${window}]))`);
    jobs.push(`sum(rate(istio_requests_total{${base},response_code=~"5.."}[${window}]))`);
    for (const quantile of [0.5, 0.95, 0.99])
      jobs.push(
        `histogram_quantile(${quantile}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${base}}[${window}])))`,
      );
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) await q(jobs[next++]!);
    }),
  );
  return { queries, edges: selectors.size, ms: performance.now() - start };
}
