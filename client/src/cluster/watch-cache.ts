/**
 * The shared watch cache of one resource collection: lists, then watches from the list's
 * resourceVersion (with bookmarks), and keeps an in-memory store keyed by namespace/name, like a
 * client-go informer. Subscribers get batched change events and a connection state. Pure: no vscode,
 * no client library; all I/O goes through an injected {@link ResourceTransport}, all timing through an
 * injected {@link Clock}.
 */
import { Backoff, systemClock, type BackoffOptions, type Clock } from './backoff';
import {
  errorInfo,
  TransportError,
  type KubeObject,
  type ResourceTransport,
  type WatchEvent,
} from './transport';

/**
 * idle (not started) → listing → synced; after a failure `reconnecting` (network/server error),
 * `unreachable` (connection refused), `unauthorized` (401: credentials missing, invalid or expired) or
 * `forbidden` (403: no RBAC access), both retried slowly; `disposed` at the end.
 */
export type CacheState =
  'idle' | 'listing' | 'synced' | 'reconnecting' | 'unreachable' | 'unauthorized' | 'forbidden' | 'disposed';

/** One batch of changes; each object appears at most once per batch (its latest version). */
export interface CacheChange {
  added: KubeObject[];
  updated: KubeObject[];
  /** the last known version of each removed object */
  deleted: KubeObject[];
  /** true when the batch holds the diff of a (re)list */
  relisted: boolean;
}

export interface Disposable {
  dispose(): void;
}

export interface WatchCacheOptions {
  transport: ResourceTransport;
  clock?: Clock;
  /** Backoff of reconnects after errors (random, caps); reset after each successful list or event. */
  backoff?: BackoffOptions;
  /** Delay before trying again while forbidden (ms). Default 60 000. */
  forbiddenRetryMs?: number;
  /** Changes within this window are delivered as one batch (ms). Default 10. */
  coalesceMs?: number;
  /** Called with errors the cache recovers from (for logging). */
  onError?: (error: unknown) => void;
}

/** Key of an object in the store: `namespace/name` (`/name` when cluster-scoped). */
export const objectKey = (namespace: string | undefined, name: string | undefined): string =>
  `${namespace ?? ''}/${name ?? ''}`;

const keyOf = (o: KubeObject): string => objectKey(o.metadata.namespace, o.metadata.name);

/** Compare resourceVersions when both are decimal integers (etcd revisions); otherwise undefined. */
export function compareResourceVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/** A minimal typed event source (vscode's EventEmitter is not available to pure code). */
class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  constructor(private readonly onError: (error: unknown) => void) {}
  readonly event = (listener: (value: T) => void): Disposable => {
    const l = (v: T) => listener(v);
    this.listeners.add(l);
    return { dispose: () => void this.listeners.delete(l) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        this.onError(e); // one failing subscriber must not starve the others or the loop
      }
    }
  }
  clear(): void {
    this.listeners.clear();
  }
}

type PendingKind = 'added' | 'updated' | 'deleted';

export class WatchCache implements Disposable {
  private readonly store = new Map<string, KubeObject>();
  private readonly transport: ResourceTransport;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly forbiddenRetryMs: number;
  private readonly coalesceMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly abort = new AbortController();
  private readonly changeEmitter: Emitter<CacheChange>;
  private readonly stateEmitter: Emitter<CacheState>;
  /** per key: the change subscribers have not been told yet (merged within the coalescing window) */
  private readonly pending = new Map<string, { kind: PendingKind; object: KubeObject }>();
  private pendingRelist = false;
  private flushTimer: unknown;
  private sleepTimer: unknown;
  private wake: (() => void) | undefined;
  private currentState: CacheState = 'idle';
  private error: string | undefined;
  private rv = '';
  private started = false;

  /** Batched changes; objects are shared, treat them as read-only. */
  readonly onDidChange: (listener: (change: CacheChange) => void) => Disposable;
  readonly onDidChangeState: (listener: (state: CacheState) => void) => Disposable;

  constructor(options: WatchCacheOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff(options.backoff);
    this.forbiddenRetryMs = options.forbiddenRetryMs ?? 60_000;
    this.coalesceMs = options.coalesceMs ?? 10;
    this.onError = options.onError ?? (() => {});
    this.changeEmitter = new Emitter<CacheChange>(this.onError);
    this.stateEmitter = new Emitter<CacheState>(this.onError);
    this.onDidChange = this.changeEmitter.event;
    this.onDidChangeState = this.stateEmitter.event;
  }

  get state(): CacheState {
    return this.currentState;
  }

  /** The message of the failure behind the current state (undefined while healthy). */
  get lastError(): string | undefined {
    return this.error;
  }

  /** The resourceVersion the next watch resumes from ('' before the first list). */
  get resourceVersion(): string {
    return this.rv;
  }

  /** All objects currently known (read-only, unordered). */
  snapshot(): KubeObject[] {
    return [...this.store.values()];
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(objectKey(namespace || undefined, name));
  }

  /** Begin listing and watching; later calls do nothing. */
  start(): void {
    if (this.started || this.abort.signal.aborted) return;
    this.started = true;
    void this.run();
  }

  /** Abort the list/watch, cancel every timer, drop subscribers. */
  dispose(): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    if (this.flushTimer !== undefined) this.clock.clearTimeout(this.flushTimer);
    if (this.sleepTimer !== undefined) this.clock.clearTimeout(this.sleepTimer);
    this.flushTimer = this.sleepTimer = undefined;
    this.wake?.();
    this.pending.clear();
    this.setState('disposed');
    this.changeEmitter.clear();
    this.stateEmitter.clear();
  }

  private get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  private setState(state: CacheState): void {
    if (state === 'synced') this.error = undefined;
    if (this.currentState === state || this.currentState === 'disposed') return;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  /** The list/watch loop: runs until disposed. */
  private async run(): Promise<void> {
    let needList = true;
    while (!this.disposed) {
      let listing = needList;
      try {
        if (needList) {
          if (this.currentState === 'idle') this.setState('listing');
          const result = await this.transport.list(this.abort.signal);
          if (this.disposed) return;
          this.replace(result.items);
          this.rv = result.resourceVersion;
          needList = listing = false;
          this.backoff.reset();
          this.setState('synced');
        }
        needList = await this.watchOnce();
      } catch (e) {
        if (this.disposed) return;
        this.onError(e);
        this.error = e instanceof Error ? e.message : String(e);
        needList = true;
        const { status, reason, code } = errorInfo(e);
        // 410 from a watch: relist at once; from a list (expired continue token) back off first
        if (!listing && (status === 410 || reason === 'Expired' || reason === 'Gone')) continue;
        if (status === 401 || status === 403) {
          this.setState(status === 401 ? 'unauthorized' : 'forbidden');
          await this.sleep(this.forbiddenRetryMs);
        } else {
          this.setState(code === 'ECONNREFUSED' ? 'unreachable' : 'reconnecting');
          await this.sleep(this.backoff.next());
        }
      }
    }
  }

  /**
   * One watch from the current resourceVersion. Returns true when a relist is needed (410 Gone), false
   * when the server ended the stream normally (resume from the last resourceVersion); throws on errors.
   */
  private async watchOnce(): Promise<boolean> {
    if (this.disposed) return false;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    this.abort.signal.addEventListener('abort', onAbort);
    let failure: TransportError | undefined;
    let events = 0;
    try {
      await this.transport.watch(
        this.rv,
        (e) => {
          if (this.disposed || controller.signal.aborted || failure) return;
          failure = this.apply(e);
          // abort outside the transport's own callback (no re-entrancy into its stream handling)
          if (failure) return queueMicrotask(() => controller.abort());
          if (events++ === 0) {
            this.backoff.reset();
            this.setState('synced');
          }
        },
        controller.signal,
      );
    } catch (e) {
      if (!failure) throw e;
    } finally {
      this.abort.signal.removeEventListener('abort', onAbort);
    }
    if (failure) throw failure;
    // a stream that ends without a single event is not progress: do not hammer the server
    if (events === 0 && !this.disposed) await this.sleep(this.backoff.next());
    return false;
  }

  /** Apply one watch event; returns the error to end the watch with for ERROR events. */
  private apply(e: WatchEvent): TransportError | undefined {
    const rv = e.object?.metadata?.resourceVersion;
    if (e.type === 'ERROR') {
      const st = e.object as unknown as { code?: number; reason?: string; message?: string };
      return new TransportError(st.message ?? 'watch error', { status: st.code, reason: st.reason });
    }
    if (e.type === 'BOOKMARK') {
      this.advance(rv);
      return undefined;
    }
    const key = keyOf(e.object);
    const existing = this.store.get(key);
    const order = compareResourceVersions(rv, existing?.metadata.resourceVersion);
    if (existing && order !== undefined && (order < 0 || (order === 0 && e.type !== 'DELETED'))) {
      return undefined; // stale or duplicate
    }
    if (e.type === 'DELETED') {
      if (existing) {
        this.store.delete(key);
        this.record(key, 'deleted', e.object);
      }
    } else {
      this.store.set(key, e.object);
      this.record(key, existing ? 'updated' : 'added', e.object);
    }
    this.advance(rv);
    return undefined;
  }

  /** Move the resume resourceVersion forward (never back, when comparable). */
  private advance(rv: string | undefined): void {
    if (!rv) return;
    const order = compareResourceVersions(rv, this.rv);
    if (order === undefined || order > 0) this.rv = rv;
  }

  /** Replace the store with a fresh list, recording the diff. */
  private replace(items: KubeObject[]): void {
    const fresh = new Map(items.map((o) => [keyOf(o), o] as const));
    for (const [key, old] of this.store) {
      if (!fresh.has(key)) this.record(key, 'deleted', old);
    }
    for (const [key, o] of fresh) {
      const old = this.store.get(key);
      if (!old) this.record(key, 'added', o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion || !o.metadata.resourceVersion) {
        this.record(key, 'updated', o);
      }
    }
    this.store.clear();
    for (const [key, o] of fresh) this.store.set(key, o);
    this.pendingRelist = true;
    this.scheduleFlush();
  }

  /** Merge one change into the pending batch (added+deleted cancel out, deleted+added is an update). */
  private record(key: string, kind: PendingKind, object: KubeObject): void {
    const prev = this.pending.get(key);
    if (!prev) this.pending.set(key, { kind, object });
    else if (kind === 'deleted') {
      if (prev.kind === 'added') this.pending.delete(key);
      else this.pending.set(key, { kind, object });
    } else if (prev.kind === 'deleted') this.pending.set(key, { kind: 'updated', object });
    else this.pending.set(key, { kind: prev.kind, object });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.disposed) return;
    this.flushTimer = this.clock.setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const change: CacheChange = { added: [], updated: [], deleted: [], relisted: this.pendingRelist };
    for (const { kind, object } of this.pending.values()) change[kind].push(object);
    this.pending.clear();
    this.pendingRelist = false;
    if (change.added.length || change.updated.length || change.deleted.length || change.relisted) {
      this.changeEmitter.fire(change);
    }
  }

  /** Wait on the injected clock; dispose wakes it at once. */
  private sleep(ms: number): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        this.sleepTimer = undefined;
        resolve();
      };
      this.sleepTimer = this.clock.setTimeout(() => this.wake?.(), ms);
    });
  }
}
