/**
 * The watch cache's transport over @kubernetes/client-node: a list GET and a Watch (bookmarks on), both
 * authenticated by client-node from the kubeconfig. Errors become TransportErrors with the HTTP status (ApiException.code,
 * a watch's statusCode) or the network errno, which is all the cache needs to pick its state.
 */
import { clientNodeRequest, loadClientNode, toTransportError, type KubeConfig } from './client-node-request';
import type { KubeObject, ResourceTransport, WatchEvent } from './transport';

export { loadClientNode } from './client-node-request';

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
  const path = collectionPath(type);
  return {
    // A plain GET of the collection with client-node's authentication (KubernetesObjectApi.list would
    // run discovery first on every call and hide network errors).
    async list(signal) {
      const body = (await clientNodeRequest(kc, 'GET', path, { signal })) as {
        items?: KubeObject[];
        metadata?: { resourceVersion?: string };
      };
      return { items: body?.items ?? [], resourceVersion: body?.metadata?.resourceVersion ?? '' };
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
