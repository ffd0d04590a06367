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

export interface LiveTreeOptions {
  /**
   * Minimum time between rebuilds (ms). Under churn a rebuild per change batch costs a core's fifth at
   * 1,000 pods; this bounds it while changes still show within a fraction of a second. Default 250.
   */
  minIntervalMs?: number;
  now?: () => number;
}

export class LiveTree implements Disposable {
  private current: ExplorerNode | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastBuild = Number.NEGATIVE_INFINITY;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<(diff: TreeDiff) => void>();
  private readonly rebuildListeners = new Set<() => void>();
  private readonly subscription: Disposable;
  /** build count and the last build's duration, for the benchmark and the log */
  readonly stats = { builds: 0, lastBuildMs: 0 };

  constructor(
    private readonly cluster: LiveCluster,
    options: LiveTreeOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.now = options.now ?? (() => performance.now());
    this.subscription = cluster.onDidChange(() => this.schedule());
  }

  /** Rebuild at once when the last rebuild is old enough, else once the interval has passed. */
  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastBuild + this.minIntervalMs - this.now();
    if (wait <= 0) return this.rebuild();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild();
    }, wait);
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

  /** Fired after every rebuild, changed or not (benchmarks and tests observe the model with it). */
  onDidRebuild(listener: () => void): Disposable {
    this.rebuildListeners.add(listener);
    return { dispose: () => void this.rebuildListeners.delete(listener) };
  }

  /** Rebuild now (the cluster's change event calls this). */
  rebuild(): void {
    const old = this.current;
    this.current = this.build();
    const diff = diffTree(old, this.current);
    if (diff.root || diff.changed.length || diff.added.length || diff.removed.length) {
      for (const l of [...this.listeners]) l(diff);
    }
    for (const l of [...this.rebuildListeners]) l();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.listeners.clear();
    this.rebuildListeners.clear();
  }

  private build(): ExplorerNode {
    const start = this.now();
    const root = buildTree(explorerSnapshot(this.cluster));
    this.stats.builds++;
    this.lastBuild = this.now();
    this.stats.lastBuildMs = this.lastBuild - start;
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
