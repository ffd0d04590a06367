/**
 * Opening one container's log stream: the request a stream makes (`follow=true&timestamps=true`, plus
 * where to start; `previous=true` instead of `follow` for the last terminated instance) and its implementation over client-node's authenticated fetch, the GET the
 * kubelet serves through the API server: `/api/v1/namespaces/NS/pods/P/log?container=C&…`.
 */
import { clientNodeStream, type KubeConfig } from '../cluster/client-node-request';

/** Where a stream starts: history cut by since/tail on the first connection, `sinceTime` on resumes. */
export interface LogStart {
  sinceSeconds?: number;
  /** RFC 3339 */
  sinceTime?: string;
  tailLines?: number;
}

export interface LogRequest extends LogStart {
  namespace: string;
  pod: string;
  container: string;
  signal: AbortSignal;
  /** the log of the container's last terminated instance (not followed: it has ended) */
  previous?: boolean;
}

/**
 * Resolves with the body once the server accepted the request; rejects with a TransportError (status
 * 403 when pods/log is forbidden, 400 while the container is waiting to start, 404 for a gone pod).
 */
export type LogOpener = (request: LogRequest) => Promise<AsyncIterable<Uint8Array>>;

/** The query of a follow request (of a one-off read of the last terminated instance with `previous`). */
export function logQuery(r: LogStart & { container: string; previous?: boolean }): Record<string, string> {
  const q: Record<string, string> = r.previous
    ? { container: r.container, previous: 'true', timestamps: 'true' }
    : { container: r.container, follow: 'true', timestamps: 'true' };
  if (r.sinceTime) q.sinceTime = r.sinceTime;
  else if (r.sinceSeconds !== undefined) q.sinceSeconds = String(Math.max(1, Math.round(r.sinceSeconds)));
  if (r.tailLines !== undefined) q.tailLines = String(r.tailLines);
  return q;
}

/** A {@link LogOpener} over the kubeconfig's current cluster. */
export function clientNodeLogOpener(kc: KubeConfig): LogOpener {
  return (r) => {
    const path = `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log`;
    return clientNodeStream(kc, path, { query: logQuery(r), signal: r.signal });
  };
}
