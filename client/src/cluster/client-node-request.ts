/**
 * One authenticated JSON request to the API server: @kubernetes/client-node reads the kubeconfig and
 * sets up authentication (token, client certificate, exec plugin, TLS) on a RequestContext; undici's
 * fetch sends it with the context's dispatcher. Failures become {@link TransportError}s carrying the
 * HTTP status and the server's Status (reason, message, causes), or the network errno.
 */
import { TransportError, type StatusCause } from './transport';

// client-node 2.x is ESM-only; the extension bundle (CommonJS) loads it on first use.
// prettier-ignore
export type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
export type KubeConfig = InstanceType<ClientNode['KubeConfig']>;
let clientNode: Promise<ClientNode> | undefined;
/** The client-node module, imported once. */
export const loadClientNode = (): Promise<ClientNode> => (clientNode ??= import('@kubernetes/client-node'));

export type HttpMethod = 'GET' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** Query parameters appended to the path. */
  query?: Record<string, string>;
  /** Sent as `application/json`. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Sends `method path` to the kubeconfig's current cluster and resolves with the parsed JSON body of a
 * 2xx answer. Rejects with a TransportError: `status`/`reason`/`causes` and the Status message for an
 * HTTP error, `code` (ECONNREFUSED, …) for a network error, `ENOCLUSTER` without a current cluster.
 */
export async function clientNodeRequest(
  kc: KubeConfig,
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<unknown> {
  const k8s = await loadClientNode();
  const { fetch } = await import('undici');
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new TransportError('no current cluster in the kubeconfig', { code: 'ENOCLUSTER' });
  const query = new URLSearchParams(options.query ?? {}).toString();
  const url = `${server.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`;
  const ctx = new k8s.RequestContext(url, k8s.HttpMethod[method]);
  await kc.applySecurityAuthentication(ctx);
  const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(ctx.getUrl(), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      dispatcher: ctx.getDispatcher(),
      signal: options.signal,
    });
  } catch (err) {
    throw toTransportError(err);
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw statusError(response.status, body, text);
  return body;
}

/** A `get(path)` over {@link clientNodeRequest}, e.g. for discovery. */
export function clientNodeGet(kc: KubeConfig): (path: string) => Promise<unknown> {
  return (path) => clientNodeRequest(kc, 'GET', path);
}

/** The TransportError for an HTTP error answer, taking reason, message and causes from a Status body. */
export function statusError(httpStatus: number, body: unknown, text = ''): TransportError {
  const st = (typeof body === 'object' && body !== null ? body : {}) as {
    reason?: unknown;
    message?: unknown;
    details?: { causes?: unknown };
  };
  const causes = Array.isArray(st.details?.causes) ? (st.details.causes as StatusCause[]) : [];
  const message =
    typeof st.message === 'string' && st.message
      ? st.message
      : text.trim().slice(0, 200) || `HTTP ${httpStatus}`;
  return new TransportError(message, {
    status: httpStatus,
    reason: typeof st.reason === 'string' ? st.reason : undefined,
    causes,
  });
}

/** A TransportError for anything thrown by fetch or client-node (ApiException, watch errors, errno errors). */
export function toTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = (err ?? {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: string;
    cause?: { code?: unknown };
  };
  const status =
    typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code =
    typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  return new TransportError(e.message ?? String(err), { status, code });
}
