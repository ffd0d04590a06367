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
  const response = await send(kc, method, path, options, 'application/json');
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

/**
 * `GET path` whose 2xx answer is consumed as a byte stream (pod logs with `follow=true`): resolves with
 * the response body once the headers arrived, as Node `Buffer` chunks (undici's `request`, much lighter per
 * chunk than fetch's web stream when thousands of small chunks a second arrive); the body ends when the
 * server ends the response and errors when `signal` aborts. An HTTP error rejects with the same
 * TransportError as {@link clientNodeRequest}.
 */
export async function clientNodeStream(
  kc: KubeConfig,
  path: string,
  options: Omit<RequestOptions, 'body'> = {},
): Promise<AsyncIterable<Uint8Array>> {
  const { url, headers, dispatcher } = await prepare(kc, 'GET', path, options, '*/*');
  const { request } = await import('undici');
  let response;
  try {
    response = await request(url, { method: 'GET', headers, dispatcher, signal: options.signal });
  } catch (err) {
    throw toTransportError(err);
  }
  if (response.statusCode >= 300) {
    const text = await response.body.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    throw statusError(response.statusCode, body, text);
  }
  return response.body;
}

/** The URL and authenticated headers and dispatcher of a request to the current cluster. */
async function prepare(
  kc: KubeConfig,
  method: HttpMethod,
  path: string,
  options: RequestOptions,
  accept: string,
) {
  const k8s = await loadClientNode();
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new TransportError('no current cluster in the kubeconfig', { code: 'ENOCLUSTER' });
  const query = new URLSearchParams(options.query ?? {}).toString();
  const url = `${server.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`;
  const ctx = new k8s.RequestContext(url, k8s.HttpMethod[method]);
  await kc.applySecurityAuthentication(ctx);
  const headers: Record<string, string> = { ...ctx.getHeaders(), accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return { url: ctx.getUrl(), headers, dispatcher: ctx.getDispatcher() };
}

/** One authenticated fetch; network failures become TransportErrors, HTTP errors are left to the caller. */
async function send(
  kc: KubeConfig,
  method: HttpMethod,
  path: string,
  options: RequestOptions,
  accept: string,
) {
  const { url, headers, dispatcher } = await prepare(kc, method, path, options, accept);
  const { fetch } = await import('undici');
  try {
    return await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      dispatcher,
      signal: options.signal,
    });
  } catch (err) {
    throw toTransportError(err);
  }
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
