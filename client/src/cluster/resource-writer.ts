/**
 * The cluster mutations the explorer needs, as an interface the pure edit workflow (edit-plan.ts)
 * drives: read one object, replace it (optionally as a server-side dry run) and delete it with a
 * resourceVersion precondition. Implemented over @kubernetes/client-node in client-node-writer.ts.
 */
import type { KubeObject } from './transport';

/** One object of the cluster; `namespace` is ignored for cluster-scoped kinds. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Every method rejects with a TransportError: `status` 404 NotFound (object, or a kind the server does
 * not serve), 403 Forbidden, 409 Conflict (stale resourceVersion / failed precondition), 422 Invalid
 * (with `causes`), or a network `code`. The message is the server's Status message.
 */
export interface ResourceWriter {
  /** The live object. */
  get(ref: ResourceRef): Promise<KubeObject>;
  /**
   * PUT `obj` (its apiVersion, kind, metadata.namespace and metadata.name say where). With a
   * metadata.resourceVersion the server refuses with 409 when the object changed since. `dryRun`
   * validates and admits the change without saving it (`?dryRun=All`). Resolves with the server's answer.
   */
  replace(obj: KubeObject, opts?: { dryRun?: boolean }): Promise<KubeObject>;
  /**
   * DELETE the object; with `resourceVersion` the server deletes only that version (else 409).
   * `dryRun` checks without deleting.
   */
  delete(ref: ResourceRef, opts?: { resourceVersion?: string; dryRun?: boolean }): Promise<void>;
}

/** Where `obj` lives, from its apiVersion, kind, namespace and name. */
export function refOf(obj: KubeObject): ResourceRef {
  return {
    apiVersion: obj.apiVersion ?? '',
    kind: obj.kind ?? '',
    ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata.name ?? '',
  };
}
