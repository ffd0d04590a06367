/**
 * The watch cache's transport over @kubernetes/client-node: a list GET and a Watch (bookmarks on), both
 * authenticated by client-node from the kubeconfig. Errors become TransportErrors with the HTTP status (ApiException.code,
 * a watch's statusCode) or the network errno, which is all the cache needs to pick its state.
 */
import { TransportError, type KubeObject, type ResourceTransport, type WatchEvent } from './transport';

// client-node 2.x is ESM-only; the extension bundle (CommonJS) loads it on first use.
type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
type KubeConfig = InstanceType<ClientNode['KubeConfig']>;
let clientNode: Promise<ClientNode> | undefined;
export const loadClientNode = (): Promise<ClientNode> => (clientNode ??= import('@kubernetes/client-node'));

/** A collection to cache: its apiVersion, kind and plural, in one namespace or all of them. */
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespace?: string;
}

export function collectionPath(type: ResourceType): string {
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  return type.namespace ? `${base}/namespaces/${type.namespace}/${type.plural}` : `${base}/${type.plural}`;
}

export async function clientNodeTransport(kc: KubeConfig, type: ResourceType): Promise<ResourceTransport> {
  const k8s = await loadClientNode();
  const { fetch } = await import('undici');
  const path = collectionPath(type);
  return {
    // A plain GET of the collection with client-node's authentication (KubernetesObjectApi.list would
    // run discovery first on every call and hide network errors).
    async list(signal) {
      const server = kc.getCurrentCluster()?.server;
      if (!server) throw new TransportError('no current cluster in the kubeconfig', { code: 'ENOCLUSTER' });
      const ctx = new k8s.RequestContext(`${server}${path}`, k8s.HttpMethod.GET);
      await kc.applySecurityAuthentication(ctx);
      let response;
      try {
        response = await fetch(ctx.getUrl(), {
          headers: { ...ctx.getHeaders(), accept: 'application/json' },
          dispatcher: ctx.getDispatcher(),
          signal,
        });
      } catch (err) {
        throw toTransportError(err);
      }
      const body = (await response.json().catch(() => ({}))) as {
        items?: KubeObject[];
        metadata?: { resourceVersion?: string };
        reason?: string;
        message?: string;
      };
      if (!response.ok) {
        throw new TransportError(body.message ?? `HTTP ${response.status}`, {
          status: response.status,
          reason: body.reason,
        });
      }
      return { items: body.items ?? [], resourceVersion: body.metadata?.resourceVersion ?? '' };
    },
    watch(resourceVersion, onEvent, signal) {
      return new Promise<void>((resolve, reject) => {
        const watch = new k8s.Watch(kc);
        const finish = (err: unknown) => (err ? reject(toTransportError(err)) : resolve());
        void watch
          .watch(
            path,
            { allowWatchBookmarks: true, resourceVersion },
            (type: string, object: unknown) => onEvent({ type, object } as WatchEvent),
            (err: unknown) => finish(signal.aborted ? undefined : err),
          )
          .then((controller) => {
            if (signal.aborted) controller.abort();
            else signal.addEventListener('abort', () => controller.abort(), { once: true });
          }, finish);
      });
    },
  };
}

function toTransportError(err: unknown): TransportError {
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
