/**
 * The live set of pods a tail follows, read from the shared pods watch cache (never a list or watch of its
 * own): pods that start matching join, deleted or no longer matching pods leave, and a container whose
 * restartCount grows is reported as restarted. Keyed by uid, so a pod recreated under the same name leaves
 * and joins again.
 */
import type { CacheChange, Disposable } from '../cluster/watch-cache';
import type { KubeObject } from '../cluster/transport';
import type { TargetResolution } from './target';
import type { PodObject } from './types';

/** What the tracker reads: a watch cache (or anything with its snapshot and change event). */
export interface PodSource {
  snapshot(): KubeObject[];
  onDidChange(listener: (change: CacheChange) => void): Disposable;
}

export interface PodSetListener {
  /** `initial`: the pod was there when the tail started (its history is cut by since/tail) */
  joined(pod: PodObject, initial: boolean): void;
  left(pod: PodObject, reason: 'deleted' | 'unmatched'): void;
  restarted(pod: PodObject, container: string, restartCount: number): void;
}

const uidOf = (p: PodObject) => p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`;

function restartCounts(p: PodObject): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    m.set(s.name, s.restartCount ?? 0);
  }
  return m;
}

export class PodSetTracker implements Disposable {
  private readonly pods = new Map<string, { pod: PodObject; restarts: Map<string, number> }>();
  private readonly subscription: Disposable;
  private started = false;
  /** false until the first refresh: pods found then are the initial set */
  private seenOnce = false;
  private disposed = false;

  /** `resolve` gives the current predicate (re-read on every refresh: a service's selector may change). */
  constructor(
    private readonly source: PodSource,
    private readonly resolve: () => TargetResolution,
    private readonly listener: PodSetListener,
  ) {
    this.subscription = source.onDidChange(() => this.refresh());
  }

  /** Takes the initial set (pods present now join as `initial`). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.refresh();
  }

  /** The problem of the current resolution (e.g. workload not found), if any. */
  get problem(): string | undefined {
    return this.resolve().problem;
  }

  get size(): number {
    return this.pods.size;
  }

  /** The latest version of a followed pod. */
  pod(uid: string): PodObject | undefined {
    return this.pods.get(uid)?.pod;
  }

  /** Re-reads the cache and reports the differences (called on each cache change batch). */
  refresh(): void {
    if (!this.started || this.disposed) return;
    const initial = !this.seenOnce;
    this.seenOnce = true;
    const { matches } = this.resolve();
    const all = new Map<string, PodObject>();
    for (const o of this.source.snapshot()) all.set(uidOf(o as PodObject), o as PodObject);
    for (const [uid, known] of [...this.pods]) {
      const now = all.get(uid);
      if (!now || !matches(now)) {
        this.pods.delete(uid);
        this.listener.left(now ?? known.pod, now ? 'unmatched' : 'deleted');
      }
    }
    for (const [uid, pod] of all) {
      if (!matches(pod)) continue;
      const known = this.pods.get(uid);
      const restarts = restartCounts(pod);
      if (!known) {
        this.pods.set(uid, { pod, restarts });
        this.listener.joined(pod, initial);
        continue;
      }
      known.pod = pod;
      for (const [container, count] of restarts) {
        if (count > (known.restarts.get(container) ?? 0)) this.listener.restarted(pod, container, count);
      }
      known.restarts = restarts;
    }
  }
  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.pods.clear();
  }
}
