/**
 * A small client of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`) over a pluggable
 * transport: a direct URL (the `meshwright.prometheus.url` setting) or the API server's service proxy
 * (see prometheus-location.ts). Every request has a timeout and honours the caller's AbortSignal;
 * failures are {@link PrometheusError}s of a kind the graph can explain to the user.
 */

/** Why a request failed: no answer (network, proxy without endpoints), an HTTP error, or an unusable body. */
export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad-response' | 'aborted';

export class PrometheusError extends Error {
  readonly kind: PrometheusErrorKind;
  /** HTTP status for `http` (and for `unreachable` when a proxy answered 503/502/404) */
  readonly status?: number;

  constructor(kind: PrometheusErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'PrometheusError';
    this.kind = kind;
    this.status = status;
  }
}

/** One series of an instant vector: its labels and value (NaN and ±Inf kept as numbers). */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** One series of a range matrix. */
export interface PromSeries {
  metric: Record<string, string>;
  /** [unix seconds, value] */
  values: [number, number][];
}

/** Sends GET `path` (under the Prometheus root, e.g. `/api/v1/query`) and resolves with the parsed JSON. */
export type PrometheusTransport = (
  path: string,
  query: Record<string, string>,
  signal: AbortSignal,
) => Promise<unknown>;

export interface QueryOptions {
  /** evaluation time, ms since epoch (default: now, Prometheus side) */
  time?: number;
  signal?: AbortSignal;
}

export interface RangeOptions {
  /** ms since epoch */
  start: number;
  end: number;
  /** seconds */
  stepSeconds: number;
  signal?: AbortSignal;
}

export interface PrometheusClient {
  /** where the client sends its queries, for messages ("http://…", "the API server's proxy to …") */
  readonly target: string;
  /** Instant query; rejects with a PrometheusError. */
  query(promql: string, options?: QueryOptions): Promise<PromSample[]>;
  /** Range query; rejects with a PrometheusError. */
  queryRange(promql: string, options: RangeOptions): Promise<PromSeries[]>;
}

export interface PrometheusClientOptions {
  target: string;
  transport: PrometheusTransport;
  /** per request (ms), default 10,000 */
  timeoutMs?: number;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A Prometheus client over a transport (direct or proxied). */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  async function call(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) throw new PrometheusError('aborted', 'the request was cancelled');
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let body: unknown;
    try {
      body = await options.transport(path, query, combined);
    } catch (err) {
      if (signal?.aborted) throw new PrometheusError('aborted', 'the request was cancelled');
      if (timeout.aborted)
        throw new PrometheusError('timeout', `${options.target} did not answer within ${timeoutMs} ms`);
      if (err instanceof PrometheusError) throw err;
      throw new PrometheusError('unreachable', `${options.target}: ${(err as Error).message ?? String(err)}`);
    }
    return apiData(body, options.target);
  }
  return {
    target: options.target,
    async query(promql, o = {}) {
      const q: Record<string, string> = { query: promql };
      if (o.time !== undefined) q.time = seconds(o.time);
      return parseVector(await call('/api/v1/query', q, o.signal), options.target);
    },
    async queryRange(promql, o) {
      const q = { query: promql, start: seconds(o.start), end: seconds(o.end), step: String(o.stepSeconds) };
      return parseMatrix(await call('/api/v1/query_range', q, o.signal), options.target);
    },
  };
}

/** The `data` of a Prometheus API envelope (`{status: "success", data}`), or a bad-response/http error. */
function apiData(body: unknown, target: string): unknown {
  const env = body as { status?: unknown; data?: unknown; error?: unknown; errorType?: unknown } | null;
  if (typeof env !== 'object' || env === null || typeof env.status !== 'string')
    throw new PrometheusError('bad-response', `${target} did not answer like the Prometheus API`);
  if (env.status !== 'success')
    throw new PrometheusError(
      'http',
      `${target}: ${String(env.errorType ?? 'error')}: ${String(env.error ?? '')}`,
    );
  return env.data;
}

const toNumber = (v: unknown): number => (typeof v === 'string' ? Number(v) : Number.NaN);

function resultOf(data: unknown, type: string, target: string): unknown[] {
  const d = data as { resultType?: unknown; result?: unknown } | null;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.result))
    throw new PrometheusError('bad-response', `${target}: the answer holds no result`);
  if (d.resultType !== type)
    throw new PrometheusError('bad-response', `${target}: expected a ${type}, got ${String(d.resultType)}`);
  return d.result;
}

/** Parses an instant-vector result. */
export function parseVector(data: unknown, target = 'Prometheus'): PromSample[] {
  return resultOf(data, 'vector', target).map((r) => {
    const s = r as { metric?: Record<string, string>; value?: [number, string] };
    return { metric: s.metric ?? {}, value: toNumber(s.value?.[1]) };
  });
}

/** Parses a range-matrix result. */
export function parseMatrix(data: unknown, target = 'Prometheus'): PromSeries[] {
  return resultOf(data, 'matrix', target).map((r) => {
    const s = r as { metric?: Record<string, string>; values?: [number, string][] };
    return { metric: s.metric ?? {}, values: (s.values ?? []).map(([t, v]) => [t, toNumber(v)]) };
  });
}

/**
 * Transport to a Prometheus root URL with the platform fetch. Non-2xx answers that carry the API's JSON
 * error envelope are passed through (the client reports them as `http` with Prometheus's message).
 */
export function directTransport(baseUrl: string): PrometheusTransport {
  const root = baseUrl.replace(/\/+$/, '');
  return async (path, query, signal) => {
    const url = `${root}${path}?${new URLSearchParams(query).toString()}`;
    let res: Response;
    try {
      res = await fetch(url, { signal, headers: { accept: 'application/json' } });
    } catch (err) {
      if (signal.aborted) throw err;
      // fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, …)
      const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why =
        typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? (err as Error).message);
      throw new PrometheusError('unreachable', `${root}: ${why}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw res.ok
        ? new PrometheusError('bad-response', `${root} did not answer JSON (is it Prometheus?)`)
        : new PrometheusError('http', `${root}: HTTP ${res.status} ${text.trim().slice(0, 200)}`, res.status);
    }
    if (!res.ok && (body as { status?: unknown })?.status !== 'error')
      throw new PrometheusError('http', `${root}: HTTP ${res.status}`, res.status);
    return body;
  };
}
