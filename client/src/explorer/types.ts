/**
 * Data types of the cluster explorer model: the snapshot it is built from (plain Kubernetes objects as a
 * watch cache holds them) and the plain tree nodes it produces. No `vscode` import: the adapter maps
 * {@link ExplorerNode}s to `TreeItem`s.
 */

/**
 * A Kubernetes object as returned by the API server. Only identity is typed (structurally compatible with
 * the watch cache's `KubeObject` in `client/src/cluster/transport.ts`); labels, owners, spec and status
 * are read defensively.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * Key of a resource type in a snapshot: the kind for the core group (`Pod`), `group/Kind` otherwise
 * (`apps/Deployment`, `networking.istio.io/VirtualService`). See {@link resourceKey}.
 */
export type ResourceKey = string;

/** Whether the user may list a resource type. A missing entry counts as `'ok'`. */
export type AccessState = 'ok' | 'forbidden';

/** Map-like input: a `Map` or a plain record. */
export type KeyedBy<T> = ReadonlyMap<ResourceKey, T> | Readonly<Record<ResourceKey, T>>;

/** Everything the model is built from. */
export interface ClusterSnapshot {
  /** kubeconfig context name (the root node) */
  context: string;
  /** objects per resource type; a type with no entry is treated as empty */
  objects: KeyedBy<readonly KubeObject[]>;
  /** list access per resource type; a missing entry means readable */
  access?: KeyedBy<AccessState>;
  /** optional server message per forbidden type (shown in the "no access" tooltip) */
  accessMessages?: KeyedBy<string>;
}

export type Severity = 'warning' | 'error' | 'info';

/** Identifies the Kubernetes object behind a node (for open/describe/delete commands). */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What a node stands for. */
export type NodeKind =
  | 'context'
  | 'namespace'
  | 'group'
  | 'kindGroup'
  | 'workload'
  | 'pod'
  | 'service'
  | 'port'
  | 'config'
  | 'subset'
  | 'noAccess'
  | 'message';

/** One node of the explorer tree. Plain data: safe to compare, serialise and diff. */
export interface ExplorerNode {
  /** unique in the tree and stable across rebuilds (derived from context, namespace, kind and name) */
  id: string;
  kind: NodeKind;
  label: string;
  description: string;
  /** Markdown */
  tooltip: string;
  /** codicon id, e.g. `symbol-namespace` */
  icon: string;
  /** for `view/item/context` menus, e.g. `meshwright.resource.virtualservice` */
  contextValue: string;
  severity?: Severity;
  resource?: ResourceRef;
  children?: ExplorerNode[];
}
