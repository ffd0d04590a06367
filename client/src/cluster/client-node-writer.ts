/**
 * {@link ResourceWriter} over @kubernetes/client-node: URLs from API discovery, requests authenticated
 * by client-node from the kubeconfig and sent with undici (client-node-request.ts).
 */
import { clientNodeGet, clientNodeRequest, type KubeConfig } from './client-node-request';
import { discover, groupVersionPath, type Discovery } from './discovery';
import type { ResourceRef, ResourceWriter } from './resource-writer';
import { refOf } from './resource-writer';
import { TransportError, type KubeObject } from './transport';

export { clientNodeGet } from './client-node-request';

/**
 * The URL path of one object, e.g. `/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews`.
 * Rejects with a 404 TransportError when the server does not serve the kind, and without a status when a
 * namespaced object has no namespace.
 */
export async function objectPath(discovery: Discovery, ref: ResourceRef): Promise<string> {
  const info = await discovery.resolve(ref.apiVersion, ref.kind);
  if (!info) {
    throw new TransportError(`the server does not serve kind "${ref.kind}" in version "${ref.apiVersion}"`, {
      status: 404,
      reason: 'NotFound',
    });
  }
  if (!ref.name) throw new TransportError(`a ${ref.kind} needs metadata.name`);
  if (info.namespaced && !ref.namespace) {
    throw new TransportError(`${ref.kind} "${ref.name}" is namespaced: metadata.namespace is required`);
  }
  const ns = info.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace!)}` : '';
  return `${groupVersionPath(ref.apiVersion)}${ns}/${info.plural}/${encodeURIComponent(ref.name)}`;
}

/**
 * A writer for the kubeconfig's current cluster. Pass the extension's shared `discovery` to reuse its
 * cache; by default one is made over {@link clientNodeGet}.
 */
export function clientNodeWriter(
  kc: KubeConfig,
  discovery: Discovery = discover(clientNodeGet(kc)),
): ResourceWriter {
  const dryRunQuery = (dryRun?: boolean) => (dryRun ? { dryRun: 'All' } : undefined);
  return {
    async get(ref) {
      return (await clientNodeRequest(kc, 'GET', await objectPath(discovery, ref))) as KubeObject;
    },
    async replace(obj, opts = {}) {
      const path = await objectPath(discovery, refOf(obj));
      return (await clientNodeRequest(kc, 'PUT', path, {
        body: obj,
        query: dryRunQuery(opts.dryRun),
      })) as KubeObject;
    },
    async delete(ref, opts = {}) {
      const path = await objectPath(discovery, ref);
      await clientNodeRequest(kc, 'DELETE', path, {
        query: dryRunQuery(opts.dryRun),
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          ...(opts.resourceVersion ? { preconditions: { resourceVersion: opts.resourceVersion } } : {}),
        },
      });
    },
  };
}
