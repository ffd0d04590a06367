/**
 * Where the graph's Prometheus is: the `meshwright.prometheus.url` setting when set, else the cluster's
 * Prometheus through the API server's service proxy
 * (`/api/v1/namespaces/istio-system/services/prometheus:9090/proxy/…`, service configurable), which
 * needs no port-forward and uses the kubeconfig's credentials.
 */
import { clientNodeRequest, type KubeConfig } from '../cluster/client-node-request';
import { TransportError } from '../cluster/transport';
import {
  createPrometheusClient,
  directTransport,
  PrometheusError,
  type PrometheusClient,
  type PrometheusTransport,
} from './prometheus-client';

/** A service reference `namespace/name:port` (port optional), e.g. `istio-system/prometheus:9090`. */
export interface ProxyService {
  namespace: string;
  name: string;
  port?: string;
}

export const DEFAULT_PROXY_SERVICE = 'istio-system/prometheus:9090';

/** Parses `namespace/name[:port]`; undefined when malformed. */
export function parseProxyService(text: string): ProxyService | undefined {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+)(?::([A-Za-z0-9-]+))?$/.exec(text.trim());
  return m ? { namespace: m[1]!, name: m[2]!, port: m[3] } : undefined;
}

/** The API server path of a service's proxy subresource (no trailing slash). */
export const proxyPath = (s: ProxyService): string =>
  `/api/v1/namespaces/${s.namespace}/services/${s.name}${s.port ? `:${s.port}` : ''}/proxy`;

/** Transport through the API server's service proxy with client-node (kubeconfig authentication). */
export function apiServerTransport(kc: KubeConfig, service: ProxyService): PrometheusTransport {
  const base = proxyPath(service);
  const where = `${service.namespace}/${service.name}`;
  return async (path, query, signal) => {
    try {
      return await clientNodeRequest(kc, 'GET', `${base}${path}`, { query, signal });
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (signal.aborted) throw err;
      const body = parsePrometheusError(err.message);
      if (body) throw new PrometheusError('http', `Prometheus: ${body}`, err.status);
      if (err.status === undefined)
        throw new PrometheusError('unreachable', `the API server did not answer: ${err.message}`);
      if (err.status === 404)
        throw new PrometheusError('unreachable', `there is no service ${where} in the cluster`, 404);
      if (err.status === 502 || err.status === 503)
        throw new PrometheusError(
          'unreachable',
          `service ${where} does not answer: ${err.message}`,
          err.status,
        );
      throw new PrometheusError('http', `the API server's proxy to ${where}: ${err.message}`, err.status);
    }
  };
}

/** Prometheus's own error text when a proxied answer was its JSON error envelope. */
function parsePrometheusError(text: string): string | undefined {
  try {
    const b = JSON.parse(text) as { status?: unknown; error?: unknown; errorType?: unknown };
    return b.status === 'error' ? `${String(b.errorType)}: ${String(b.error)}` : undefined;
  } catch {
    return undefined;
  }
}

export interface PrometheusLocation {
  /** the `meshwright.prometheus.url` setting ('' or undefined: use the proxy) */
  url?: string;
  /** the kubeconfig of the current cluster session (undefined: no cluster) */
  kc?: KubeConfig;
  /** `namespace/name[:port]`, default {@link DEFAULT_PROXY_SERVICE} */
  proxyService?: string;
  timeoutMs?: number;
}

/**
 * The client for the configured location, or undefined with the reason when there is none (no URL
 * and no cluster session, or a malformed service). The client's `target` names the location so every
 * error message says which Prometheus did not answer.
 */
export function locatePrometheus(
  loc: PrometheusLocation,
): { client: PrometheusClient; reason?: undefined } | { client?: undefined; reason: string } {
  const url = loc.url?.trim();
  if (url) {
    if (!/^https?:\/\//.test(url))
      return { reason: `meshwright.prometheus.url must be an http(s) URL, not "${url}"` };
    return {
      client: createPrometheusClient({
        target: url,
        transport: directTransport(url),
        timeoutMs: loc.timeoutMs,
      }),
    };
  }
  if (!loc.kc)
    return { reason: 'Prometheus is not configured: set meshwright.prometheus.url or connect to a cluster' };
  const serviceText = loc.proxyService?.trim() || DEFAULT_PROXY_SERVICE;
  const service = parseProxyService(serviceText);
  if (!service)
    return { reason: `the Prometheus service must read namespace/name[:port], not "${serviceText}"` };
  return {
    client: createPrometheusClient({
      target: `Prometheus ${serviceText} through the API server (set meshwright.prometheus.url to use another)`,
      transport: apiServerTransport(loc.kc, service),
      timeoutMs: loc.timeoutMs,
    }),
  };
}
