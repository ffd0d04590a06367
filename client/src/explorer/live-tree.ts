/**
 * Keeps the explorer tree of a {@link LiveCluster} current: rebuilds the pure model after each (debounced)
 * change and reports which node ids changed, so the tree view refreshes only those and keeps expansion.
 */
import type { LiveCluster } from '../cluster/live-cluster';
import type { Disposable } from '../cluster/watch-cache';
import { buildTree, diffTree, resourceKey, type TreeDiff } from './model';
import type { AccessState, ClusterSnapshot, ExplorerNode, KubeObject } from './types';

/** The explorer's snapshot of a live cluster: objects and list access per type. */
export function explorerSnapshot(cluster: LiveCluster): ClusterSnapshot {
  const objects = new Map<string, KubeObject[]>();
  const access = new Map<string, AccessState>();
  const accessMessages = new Map<string, string>();
  for (const type of cluster.types) {
    const key = resourceKey(type.group, type.kind);
    objects.set(key, cluster.objects(type));
    if (cluster.stateOf(type) === 'forbidden') {
      access.set(key, 'forbidden');
      const message = cluster.errorOf(type);
      if (message) accessMessages.set(key, message);
    }
  }
  return { context: cluster.context, objects, access, accessMessages };
}

export class LiveTree implements Disposable {
  private current: ExplorerNode | undefined;
  private readonly listeners = new Set<(diff: TreeDiff) => void>();
  private readonly subscription: Disposable;
  /** build count and the last build's duration, for the benchmark and the log */
  readonly stats = { builds: 0, lastBuildMs: 0 };

  constructor(
    private readonly cluster: LiveCluster,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.subscription = cluster.onDidChange(() => this.rebuild());
  }

  /** The tree as of the last change (built on first use). */
  get root(): ExplorerNode {
    return (this.current ??= this.build());
  }

  /** Fired after a rebuild that changed something, with the changed node ids. */
  onDidChange(listener: (diff: TreeDiff) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Rebuild now (the cluster's change event calls this). */
  rebuild(): void {
    const old = this.current;
    this.current = this.build();
    const diff = diffTree(old, this.current);
    if (diff.root || diff.changed.length || diff.added.length || diff.removed.length) {
      for (const l of [...this.listeners]) l(diff);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private build(): ExplorerNode {
    const start = this.now();
    const root = buildTree(explorerSnapshot(this.cluster));
    this.stats.builds++;
    this.stats.lastBuildMs = this.now() - start;
    return root;
  }
}

/** Finds a node by id in a tree (depth-first). */
export function findNode(root: ExplorerNode, id: string): ExplorerNode | undefined {
  if (root.id === id) return root;
  for (const c of root.children ?? []) {
    if (id !== c.id && !id.startsWith(`${c.id}/`)) continue;
    const hit = findNode(c, id);
    if (hit) return hit;
  }
  return undefined;
}
