/**
 * The live state of one context: a lease on the shared watch cache of every watched type, one debounced
 * change event for all of them, and one connection status summarised from the caches' states (what the
 * status bar and the explorer show). Pure: no vscode; timing through an injected {@link Clock}.
 */
import { systemClock, type Clock } from './backoff';
import type { WatchedType } from './resource-types';
import type { KubeObject } from './transport';
import type { CacheState, Disposable } from './watch-cache';
import { resourceKeyString, type CacheLease, type WatchCacheRegistry } from './watch-cache-registry';

/** Connection as the user sees it, worst state first. */
export type ConnectionState =
  'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'unauthorized' | 'forbidden';

export interface ConnectionStatus {
  state: ConnectionState;
  /** the server's or network's message behind a bad state */
  message?: string;
  /** kinds the user may not list (403) while the rest works */
  forbiddenKinds: string[];
}

export interface LiveClusterOptions {
  context: string;
  registry: WatchCacheRegistry;
  types: readonly WatchedType[];
  clock?: Clock;
  /** Changes within this window are announced once (ms). Default 50. */
  debounceMs?: number;
}

export class LiveCluster implements Disposable {
  readonly context: string;
  private readonly leases = new Map<string, { type: WatchedType; lease: CacheLease }>();
  private readonly subscriptions: Disposable[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private timer: unknown;
  private lastStatus: ConnectionStatus | undefined;
  private disposed = false;

  constructor(private readonly options: LiveClusterOptions) {
    this.context = options.context;
    this.clock = options.clock ?? systemClock;
    this.debounceMs = options.debounceMs ?? 50;
  }

  get types(): WatchedType[] {
    return [...this.leases.values()].map((l) => l.type);
  }

  /** Acquire the caches (starting them when this is their first user). */
  start(): void {
    for (const type of this.options.types) this.add(type);
  }

  /** Watch one more type (e.g. once discovery says the cluster serves it). */
  add(type: WatchedType): void {
    const id = resourceKeyString(type);
    if (this.disposed || this.leases.has(id)) return;
    const lease = this.options.registry.acquire(type);
    this.leases.set(id, { type, lease });
    this.subscriptions.push(
      lease.cache.onDidChange(() => this.schedule()),
      lease.cache.onDidChangeState(() => {
        this.emitStatus();
        this.schedule(); // access changes alter what the explorer shows
      }),
    );
    this.emitStatus();
    if (lease.cache.state === 'synced') this.schedule();
  }

  /** Objects of a type (empty when not watched or not readable). */
  objects(type: WatchedType): KubeObject[] {
    return this.leases.get(resourceKeyString(type))?.lease.cache.snapshot() ?? [];
  }

  /** The cache state of a type (`idle` when not watched). */
  stateOf(type: WatchedType): CacheState {
    return this.leases.get(resourceKeyString(type))?.lease.cache.state ?? 'idle';
  }

  errorOf(type: WatchedType): string | undefined {
    return this.leases.get(resourceKeyString(type))?.lease.cache.lastError;
  }

  /** True once every watched type has been listed at least once (or failed for good). */
  get settled(): boolean {
    return [...this.leases.values()].every(
      ({ lease }) => lease.cache.state !== 'listing' && lease.cache.state !== 'idle',
    );
  }

  status(): ConnectionStatus {
    const entries = [...this.leases.values()].map(({ type, lease }) => ({
      type,
      state: lease.cache.state,
      error: lease.cache.lastError,
    }));
    const first = (s: CacheState) => entries.find((e) => e.state === s);
    const forbiddenKinds = entries.filter((e) => e.state === 'forbidden').map((e) => e.type.kind);
    for (const [cache, state] of [
      ['unreachable', 'unreachable'],
      ['unauthorized', 'unauthorized'],
    ] as const) {
      const hit = first(cache);
      if (hit) return { state, message: hit.error, forbiddenKinds };
    }
    if (entries.length && forbiddenKinds.length === entries.length) {
      return { state: 'forbidden', message: entries[0]!.error, forbiddenKinds };
    }
    const reconnecting = first('reconnecting');
    if (reconnecting) return { state: 'reconnecting', message: reconnecting.error, forbiddenKinds };
    if (first('listing') || first('idle')) return { state: 'connecting', forbiddenKinds };
    return { state: 'connected', forbiddenKinds };
  }

  /** Fired (debounced) after objects or access of any watched type changed. */
  onDidChange(listener: () => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => void this.changeListeners.delete(listener) };
  }

  /** Fired when the summarised {@link status} changes. */
  onDidChangeStatus(listener: (status: ConnectionStatus) => void): Disposable {
    this.statusListeners.add(listener);
    return { dispose: () => void this.statusListeners.delete(listener) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    for (const { lease } of this.leases.values()) lease.release();
    this.leases.clear();
    this.changeListeners.clear();
    this.statusListeners.clear();
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      for (const l of [...this.changeListeners]) l();
    }, this.debounceMs);
  }

  private emitStatus(): void {
    if (this.disposed) return;
    const next = this.status();
    const prev = this.lastStatus;
    if (
      prev &&
      prev.state === next.state &&
      prev.message === next.message &&
      prev.forbiddenKinds.join() === next.forbiddenKinds.join()
    ) {
      return;
    }
    this.lastStatus = next;
    for (const l of [...this.statusListeners]) l(next);
  }
}
