/**
 * Metric gates, as Flagger's built-in checks: request success rate and p99 latency of the canary's
 * workload over a window, from Istio's standard metrics, with a minimum request count. Too little
 * traffic is `inconclusive`, never a pass. Every result explains itself with the values it saw.
 */

export interface GateThresholds {
  /** minimum success rate, percent (Flagger: request-success-rate) */
  minSuccessRate: number;
  /** maximum p99 latency, ms (Flagger: request-duration) */
  maxP99Ms: number;
  /** minimum requests seen in the window for a verdict */
  minRequests: number;
  /** PromQL range, e.g. `1m` */
  window: string;
}

export const DEFAULT_THRESHOLDS: GateThresholds = {
  minSuccessRate: 99,
  maxP99Ms: 500,
  minRequests: 20,
  window: '1m',
};

/** Evaluates an instant PromQL query to one number (undefined: empty result / NaN). */
export type InstantQuery = (promql: string, signal?: AbortSignal) => Promise<number | undefined>;

export interface GateTarget {
  namespace: string;
  /** the canary's workload names (Deployments behind the canary destination) */
  workloads: string[];
}

export type GateStatus = 'pass' | 'fail' | 'inconclusive';

export interface GateResult {
  status: GateStatus;
  requests?: number;
  successRate?: number;
  p99Ms?: number;
  /** e.g. "success 99.6% ≥ 99% · p99 212 ms ≤ 500 ms · 1,204 requests" */
  explanation: string;
}

const escape = (s: string) => s.replace(/[\\.^$*+?()[\]{}|]/g, (c) => `\\\\${c}`).replace(/"/g, '\\"');

/** The label matcher of the canary's workload, as the destination reports it. */
function selector(t: GateTarget): string {
  const workloads = t.workloads.map(escape).join('|');
  return `reporter="destination",destination_workload_namespace="${t.namespace.replace(/"/g, '\\"')}",destination_workload=~"${workloads}"`;
}

/** The three PromQL queries of one check (exported for tests and for the explanation in the UI). */
export function gateQueries(
  t: GateTarget,
  th: GateThresholds,
): { requests: string; success: string; p99: string } {
  const sel = selector(t);
  const w = th.window;
  return {
    requests: `sum(increase(istio_requests_total{${sel}}[${w}]))`,
    success:
      `sum(rate(istio_requests_total{${sel},response_code!~"5.*"}[${w}])) / ` +
      `sum(rate(istio_requests_total{${sel}}[${w}])) * 100`,
    p99: `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{${sel}}[${w}])) by (le))`,
  };
}

const pct = (n: number) => `${n.toFixed(n >= 99.95 || n <= 0.05 ? 0 : 1)}%`;

/** Runs the gate queries and judges them. Query errors propagate (the caller decides to retry). */
export async function checkGates(
  query: InstantQuery,
  target: GateTarget,
  th: GateThresholds = DEFAULT_THRESHOLDS,
  signal?: AbortSignal,
): Promise<GateResult> {
  if (!target.workloads.length) {
    return { status: 'inconclusive', explanation: 'no workload found behind the canary destination' };
  }
  const q = gateQueries(target, th);
  const [requests, successRate, p99Ms] = await Promise.all([
    query(q.requests, signal),
    query(q.success, signal),
    query(q.p99, signal),
  ]);
  const seen = Math.round(requests ?? 0);
  if (seen < th.minRequests || successRate === undefined) {
    return {
      status: 'inconclusive',
      requests: seen,
      explanation: `only ${seen} request${seen === 1 ? '' : 's'} in ${th.window} (need ${th.minRequests}): no verdict`,
    };
  }
  const successOk = successRate >= th.minSuccessRate;
  const latencyOk = p99Ms === undefined || p99Ms <= th.maxP99Ms;
  const parts = [
    `success ${pct(successRate)} ${successOk ? '≥' : '<'} ${th.minSuccessRate}%`,
    p99Ms === undefined
      ? 'p99 n/a'
      : `p99 ${Math.round(p99Ms)} ms ${latencyOk ? '≤' : '>'} ${th.maxP99Ms} ms`,
    `${seen.toLocaleString('en-US')} requests`,
  ];
  return {
    status: successOk && latencyOk ? 'pass' : 'fail',
    requests: seen,
    successRate,
    ...(p99Ms !== undefined ? { p99Ms } : {}),
    explanation: parts.join(' · '),
  };
}
