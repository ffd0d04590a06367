/**
 * What an explorer shows at one moment, indexed for the churn checks: tree nodes by the object they
 * stand for (`Kind/namespace/name`) and the objects the tree was built from, by type and namespace/name.
 */
import type { ExplorerNode, KubeObject } from '../../client/src/explorer/types';

export interface ObservedModel {
  node(kind: string, namespace: string, name: string): ExplorerNode | undefined;
  /** an object of the snapshot the tree was built from (`kind` as in the tree, e.g. `Pod`) */
  object(kind: string, namespace: string, name: string): KubeObject | undefined;
}

const refKey = (kind: string, namespace: string | undefined, name: string | undefined) =>
  `${kind}/${namespace ?? ''}/${name ?? ''}`;

/** Every node with a resource, by `Kind/namespace/name`. */
export function indexTree(root: ExplorerNode): Map<string, ExplorerNode> {
  const out = new Map<string, ExplorerNode>();
  const walk = (n: ExplorerNode) => {
    if (n.resource) out.set(refKey(n.resource.kind, n.resource.namespace, n.resource.name), n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** Nodes per node kind (`pod`, `service`, `config`…). */
export function countNodes(root: ExplorerNode): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: ExplorerNode) => {
    out.set(n.kind, (out.get(n.kind) ?? 0) + 1);
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** An {@link ObservedModel} over a tree and the objects per kind it was built from. */
export function observedModel(
  root: ExplorerNode,
  objectsOfKind: (kind: string) => readonly KubeObject[],
): ObservedModel {
  let nodes: Map<string, ExplorerNode> | undefined;
  const objects = new Map<string, Map<string, KubeObject>>();
  return {
    node: (kind, namespace, name) => (nodes ??= indexTree(root)).get(refKey(kind, namespace, name)),
    object(kind, namespace, name) {
      let byName = objects.get(kind);
      if (!byName) {
        byName = new Map(
          objectsOfKind(kind).map((o) => [refKey(kind, o.metadata.namespace, o.metadata.name), o]),
        );
        objects.set(kind, byName);
      }
      return byName.get(refKey(kind, namespace, name));
    },
  };
}

/** First node id (depth-first) where two trees differ, or undefined when they are equal. */
export function firstDifference(a: ExplorerNode, b: ExplorerNode): string | undefined {
  const { children: ac, ...aOwn } = a;
  const { children: bc, ...bOwn } = b;
  if (JSON.stringify(aOwn) !== JSON.stringify(bOwn)) return a.id;
  const x = ac ?? [];
  const y = bc ?? [];
  if (x.length !== y.length) return `${a.id} (${x.length} vs ${y.length} children)`;
  for (let i = 0; i < x.length; i++) {
    const d = firstDifference(x[i]!, y[i]!);
    if (d) return d;
  }
  return undefined;
}
