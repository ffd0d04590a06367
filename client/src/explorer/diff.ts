/** Tree diff for targeted refresh events: which node ids changed between two builds. */
import type { ExplorerNode } from './types';

/** Result of {@link diffTree}. */
export interface TreeDiff {
  /**
   * Ids of nodes present in both trees whose own fields (label, description, tooltip, icon, contextValue,
   * severity, resource) or list of child ids changed, in pre-order. A node whose change lies only deeper
   * is not listed: fire `onDidChangeTreeData` for each id (or only the top-most ones) to refresh.
   */
  changed: string[];
  /** ids only in the new tree (their parents are in `changed`) */
  added: string[];
  /** ids only in the old tree (their parents are in `changed`) */
  removed: string[];
  /** true when the root itself was replaced (other context, or no old tree): refresh everything */
  root: boolean;
}

function sameOwn(a: ExplorerNode, b: ExplorerNode): boolean {
  return (
    a.label === b.label &&
    a.description === b.description &&
    a.tooltip === b.tooltip &&
    a.icon === b.icon &&
    a.contextValue === b.contextValue &&
    a.severity === b.severity &&
    a.kind === b.kind &&
    (a.children === undefined) === (b.children === undefined) &&
    a.resource?.apiVersion === b.resource?.apiVersion &&
    a.resource?.kind === b.resource?.kind &&
    a.resource?.namespace === b.resource?.namespace &&
    a.resource?.name === b.resource?.name
  );
}

function sameChildIds(a: readonly ExplorerNode[], b: readonly ExplorerNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].id !== b[i].id) return false;
  return true;
}

function collect(n: ExplorerNode, out: string[]): void {
  out.push(n.id);
  for (const c of n.children ?? []) collect(c, out);
}

/** Compares two builds of the tree (by id, position-independent for children). */
export function diffTree(oldRoot: ExplorerNode | undefined, newRoot: ExplorerNode): TreeDiff {
  const diff: TreeDiff = { changed: [], added: [], removed: [], root: false };
  if (!oldRoot || oldRoot.id !== newRoot.id) {
    diff.root = true;
    diff.changed.push(newRoot.id);
    if (oldRoot) collect(oldRoot, diff.removed);
    for (const c of newRoot.children ?? []) collect(c, diff.added);
    return diff;
  }
  const walk = (a: ExplorerNode, b: ExplorerNode): void => {
    const ac = a.children ?? [];
    const bc = b.children ?? [];
    if (!sameOwn(a, b) || !sameChildIds(ac, bc)) diff.changed.push(b.id);
    const old = new Map<string, ExplorerNode>();
    for (const c of ac) old.set(c.id, c);
    for (const c of bc) {
      const prev = old.get(c.id);
      if (prev) {
        old.delete(c.id);
        walk(prev, c);
      } else collect(c, diff.added);
    }
    for (const gone of old.values()) collect(gone, diff.removed);
  };
  walk(oldRoot, newRoot);
  return diff;
}
