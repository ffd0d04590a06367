/**
 * Short, human-readable summaries of Istio traffic policy for edge labels and tooltips: faults, retries
 * and circuit breaking (DestinationRule connection pool + outlier detection).
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const pct = (p: unknown): string => {
  const v = obj(p)?.value;
  return `${typeof v === 'number' ? v : 100}%`;
};

/** `["abort 10% 503", "delay 5% 2s"]` from an HTTPRoute's `fault`. */
export function faultText(fault: unknown): string[] {
  const f = obj(fault);
  if (!f) return [];
  const out: string[] = [];
  const abort = obj(f.abort);
  if (abort) {
    const status =
      abort.httpStatus ?? (abort.grpcStatus !== undefined ? `grpc ${String(abort.grpcStatus)}` : '?');
    out.push(`abort ${pct(abort.percentage)} ${String(status)}`);
  }
  const delay = obj(f.delay);
  if (delay)
    out.push(`delay ${pct(delay.percentage)} ${String(delay.fixedDelay ?? delay.exponentialDelay ?? '?')}`);
  return out;
}

/** `"3 attempts, 2s per try, on 5xx"` from an HTTPRoute's `retries`. */
export function retriesText(retries: unknown): string | undefined {
  const r = obj(retries);
  if (!r) return undefined;
  const parts = [`${typeof r.attempts === 'number' ? r.attempts : 2} attempts`];
  if (r.perTryTimeout) parts.push(`${String(r.perTryTimeout)} per try`);
  if (r.retryOn) parts.push(`on ${String(r.retryOn)}`);
  return parts.join(', ');
}

/**
 * `"max 100 connections, 10 pending, outlier: 5 consecutive 5xx → eject 30s (max 100%)"` from a
 * trafficPolicy; undefined when it sets neither a connection pool nor outlier detection.
 */
export function circuitBreakerText(trafficPolicy: unknown): string | undefined {
  const tp = obj(trafficPolicy);
  if (!tp) return undefined;
  const parts: string[] = [];
  const tcp = obj(obj(tp.connectionPool)?.tcp);
  const http = obj(obj(tp.connectionPool)?.http);
  if (tcp?.maxConnections !== undefined) parts.push(`max ${String(tcp.maxConnections)} connections`);
  if (http?.http1MaxPendingRequests !== undefined)
    parts.push(`${String(http.http1MaxPendingRequests)} pending`);
  if (http?.http2MaxRequests !== undefined) parts.push(`max ${String(http.http2MaxRequests)} requests`);
  if (http?.maxRequestsPerConnection !== undefined)
    parts.push(`${String(http.maxRequestsPerConnection)} per connection`);
  const od = obj(tp.outlierDetection);
  if (od) {
    const n = od.consecutive5xxErrors ?? od.consecutiveErrors ?? od.consecutiveGatewayErrors ?? 5;
    let text = `outlier: ${String(n)} consecutive 5xx → eject ${String(od.baseEjectionTime ?? '30s')}`;
    if (od.maxEjectionPercent !== undefined) text += ` (max ${String(od.maxEjectionPercent)}%)`;
    parts.push(text);
  }
  return parts.length ? parts.join(', ') : undefined;
}
