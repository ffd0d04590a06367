/**
 * Unit tests of the pure watch cache, its backoff and the shared registry, driven by a scripted fake
 * transport and a fake clock (no network, no real timers).
 */
import * as assert from 'node:assert/strict';
import { Backoff, systemClock, type Clock } from '../../client/src/cluster/backoff';
import {
  TransportError,
  type KubeObject,
  type ListResult,
  type ResourceTransport,
  type WatchEvent,
} from '../../client/src/cluster/transport';
import { WatchCache, type CacheChange, type CacheState } from '../../client/src/cluster/watch-cache';
import { WatchCacheRegistry } from '../../client/src/cluster/watch-cache-registry';

/** Timers that only fire when the test advances time. */
class FakeClock implements Clock {
  now = 0;
  private seq = 0;
  readonly timers = new Map<number, { at: number; ms: number; fn: () => void }>();
  /** every delay ever scheduled, in order */
  readonly scheduled: number[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.now + ms, ms, fn });
    this.scheduled.push(ms);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Run every timer due within `ms`, letting the cache's promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await settle();
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

/** Let pending promise chains run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

interface ListCall {
  signal: AbortSignal;
  resolve(r: ListResult): void;
  reject(e: unknown): void;
}
interface WatchCall {
  rv: string;
  signal: AbortSignal;
  emit(e: WatchEvent): void;
  end(): void;
  fail(e: unknown): void;
}

/** A transport whose every list and watch call waits for the test to answer it. */
class FakeTransport implements ResourceTransport {
  readonly lists: ListCall[] = [];
  readonly watches: WatchCall[] = [];
  list(signal: AbortSignal): Promise<ListResult> {
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      this.lists.push({ signal, resolve, reject });
    });
  }
  watch(rv: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      this.watches.push({ rv, signal, emit: onEvent, end: resolve, fail: reject });
    });
  }
  get lastList(): ListCall {
    return this.lists[this.lists.length - 1];
  }
  get lastWatch(): WatchCall {
    return this.watches[this.watches.length - 1];
  }
}

const pod = (name: string, rv: string, ns = 'default', extra: Record<string, unknown> = {}): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: ns, resourceVersion: rv },
  ...extra,
});
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();
const status = (code: number, reason: string): KubeObject =>
  ({ kind: 'Status', code, reason, message: reason, metadata: {} }) as KubeObject;

describe('WatchCache (fake transport)', () => {
  let clock: FakeClock;
  let transport: FakeTransport;
  let cache: WatchCache;
  let changes: CacheChange[];
  let states: CacheState[];

  function create(opts: { random?: () => number; forbiddenRetryMs?: number } = {}): WatchCache {
    cache = new WatchCache({
      transport,
      clock,
      backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5, random: opts.random ?? (() => 0.5) },
      forbiddenRetryMs: opts.forbiddenRetryMs ?? 60_000,
      coalesceMs: 10,
    });
    cache.onDidChange((c) => changes.push(c));
    cache.onDidChangeState((s) => states.push(s));
    return cache;
  }

  /** Start and answer the first list; flush the resulting batch. */
  async function startSynced(items: KubeObject[], rv = '10'): Promise<void> {
    create().start();
    await settle();
    transport.lastList.resolve({ items, resourceVersion: rv });
    await clock.advance(10);
  }

  beforeEach(() => {
    clock = new FakeClock();
    transport = new FakeTransport();
    changes = [];
    states = [];
  });
  afterEach(() => cache?.dispose());

  it('lists, reports the items as one relist batch, then watches from the list resourceVersion', async () => {
    create();
    assert.equal(cache.state, 'idle');
    cache.start();
    cache.start(); // idempotent
    await settle();
    assert.equal(transport.lists.length, 1);
    assert.equal(cache.state, 'listing');
    transport.lastList.resolve({ items: [pod('a', '5'), pod('b', '6', 'other')], resourceVersion: '7' });
    await clock.advance(10);
    assert.equal(cache.state, 'synced');
    assert.deepEqual(states, ['listing', 'synced']);
    assert.equal(changes.length, 1);
    assert.deepEqual(names(changes[0].added), ['a', 'b']);
    assert.equal(changes[0].relisted, true);
    assert.deepEqual(names(cache.snapshot()), ['a', 'b']);
    assert.equal(cache.get('other', 'b')?.metadata.resourceVersion, '6');
    assert.equal(cache.get('default', 'b'), undefined);
    assert.equal(transport.watches.length, 1);
    assert.equal(transport.lastWatch.rv, '7');
  });

  it('applies watch events and coalesces a burst into one batch', async () => {
    await startSynced([pod('a', '5'), pod('b', '6')]);
    changes.length = 0;
    const w = transport.lastWatch;
    w.emit({ type: 'ADDED', object: pod('c', '11') });
    w.emit({ type: 'MODIFIED', object: pod('c', '12', 'default', { x: 1 }) });
    w.emit({ type: 'MODIFIED', object: pod('a', '13') });
    w.emit({ type: 'DELETED', object: pod('b', '14') });
    w.emit({ type: 'ADDED', object: pod('tmp', '15') });
    w.emit({ type: 'DELETED', object: pod('tmp', '16') });
    assert.equal(changes.length, 0, 'delivered only after the coalescing window');
    await clock.advance(10);
    assert.equal(changes.length, 1);
    const [c] = changes;
    assert.deepEqual(names(c.added), ['c']);
    assert.equal(c.added[0].x, 1, 'latest version of an object added and modified in the burst');
    assert.deepEqual(names(c.updated), ['a']);
    assert.deepEqual(names(c.deleted), ['b']);
    assert.equal(c.relisted, false);
    assert.deepEqual(names(cache.snapshot()), ['a', 'c']);
    assert.equal(cache.resourceVersion, '16');
  });

  it('ignores events older than (or as old as) the stored object', async () => {
    await startSynced([pod('a', '20')], '20');
    changes.length = 0;
    const w = transport.lastWatch;
    w.emit({ type: 'MODIFIED', object: pod('a', '19', 'default', { stale: true }) });
    w.emit({ type: 'ADDED', object: pod('a', '20', 'default', { dup: true }) });
    w.emit({ type: 'DELETED', object: pod('a', '9') });
    await clock.advance(10);
    assert.equal(changes.length, 0);
    assert.equal(cache.get('default', 'a')?.stale, undefined);
    assert.equal(cache.get('default', 'a')?.dup, undefined);
    assert.equal(cache.resourceVersion, '20', 'the resume version never goes back');
    w.emit({ type: 'MODIFIED', object: pod('a', '100', 'default', { fresh: true }) });
    await clock.advance(10);
    assert.equal(cache.get('default', 'a')?.fresh, true, 'a longer number is newer (100 > 20)');
  });

  it('bookmarks advance the resume version; a normal end resumes without relisting', async () => {
    await startSynced([pod('a', '5')]);
    const w = transport.lastWatch;
    w.emit({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '42' } } });
    assert.equal(cache.resourceVersion, '42');
    w.end();
    await settle();
    assert.equal(transport.watches.length, 2);
    assert.equal(transport.lastWatch.rv, '42');
    assert.equal(transport.lists.length, 1, 'no relist');
    assert.equal(cache.state, 'synced');
  });

  it('a watch that ends without any event backs off before resuming', async () => {
    await startSynced([], '5');
    transport.lastWatch.end();
    await settle();
    assert.equal(transport.watches.length, 1);
    await clock.advance(75); // 100 × (1 − 0.5 × 0.5)
    assert.equal(transport.watches.length, 2);
    assert.equal(transport.lastWatch.rv, '5');
  });

  it('relists on a 410 ERROR event and emits the exact diff', async () => {
    await startSynced([pod('keep', '1'), pod('change', '2'), pod('gone', '3')], '3');
    changes.length = 0;
    const w = transport.lastWatch;
    w.emit({ type: 'ERROR', object: status(410, 'Expired') });
    await settle();
    assert.ok(w.signal.aborted, 'the expired watch is closed');
    assert.equal(transport.lists.length, 2);
    transport.lastList.resolve({
      items: [pod('keep', '1'), pod('change', '8'), pod('new', '9')],
      resourceVersion: '9',
    });
    await clock.advance(10);
    assert.equal(changes.length, 1);
    const [c] = changes;
    assert.deepEqual(names(c.added), ['new']);
    assert.deepEqual(names(c.updated), ['change']);
    assert.deepEqual(names(c.deleted), ['gone']);
    assert.equal(c.deleted[0].metadata.resourceVersion, '3', 'last known version of a deleted object');
    assert.equal(c.relisted, true);
    assert.deepEqual(names(cache.snapshot()), ['change', 'keep', 'new']);
    assert.equal(transport.lastWatch.rv, '9');
    assert.equal(cache.state, 'synced');
  });

  it('relists when the watch request itself fails with 410', async () => {
    await startSynced([pod('a', '1')], '1');
    transport.lastWatch.fail(new TransportError('gone', { status: 410, reason: 'Gone' }));
    await settle();
    assert.equal(transport.lists.length, 2);
    assert.equal(clock.timers.size, 0, 'no backoff before the relist');
  });

  it('reconnects with capped exponential backoff with jitter, reset after a success', async () => {
    const rolls = [0, 0.5, 1, 0.5, 0.5, 0.5];
    create({ random: () => rolls.shift() ?? 0.5 }).start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      transport.lastList.reject(new TransportError('reset', { code: 'ECONNRESET' }));
      await settle();
      assert.equal(cache.state, 'reconnecting');
      const [timer] = [...clock.timers.values()];
      delays.push(timer.ms);
      await clock.advance(timer.ms);
      assert.equal(transport.lists.length, i + 2, 'retried after the delay');
    }
    // base 100, 200, 400, 800, 1000 (cap), 1000; delay = base × (1 − 0.5 × random)
    assert.deepEqual(delays, [100, 150, 200, 600, 750, 750]);
    transport.lastList.resolve({ items: [], resourceVersion: '1' });
    await clock.advance(10); // deliver the (empty) relist batch
    assert.equal(cache.state, 'synced');
    transport.lastWatch.fail(new TransportError('reset', { code: 'ECONNRESET' }));
    await settle();
    assert.equal([...clock.timers.values()][0].ms, 75, 'back to the first delay after a success');
    await clock.advance(75);
    assert.equal(transport.lists.length, 8, 'a watch failure relists (nothing missed while disconnected)');
  });

  it('connection refused → unreachable; it recovers when the server is back', async () => {
    create().start();
    await settle();
    transport.lastList.reject(new TransportError('refused', { code: 'ECONNREFUSED' }));
    await settle();
    assert.equal(cache.state, 'unreachable');
    await clock.advance(75);
    transport.lastList.resolve({ items: [pod('a', '1')], resourceVersion: '1' });
    await clock.advance(10);
    assert.equal(cache.state, 'synced');
    assert.deepEqual(states, ['listing', 'unreachable', 'synced']);
  });

  it('403 → forbidden, retried only after the slow interval', async () => {
    create({ forbiddenRetryMs: 30_000 }).start();
    await settle();
    transport.lastList.reject(new TransportError('no', { status: 403, reason: 'Forbidden' }));
    await settle();
    assert.equal(cache.state, 'forbidden');
    await clock.advance(29_999);
    assert.equal(transport.lists.length, 1);
    await clock.advance(1);
    assert.equal(transport.lists.length, 2);
    transport.lastList.resolve({ items: [pod('a', '1')], resourceVersion: '1' });
    await settle();
    assert.equal(cache.state, 'synced');
  });

  it('a non-410 ERROR event reconnects with backoff and relists', async () => {
    await startSynced([pod('a', '1')], '1');
    transport.lastWatch.emit({ type: 'ERROR', object: status(500, 'InternalError') });
    await settle();
    assert.equal(cache.state, 'reconnecting');
    await clock.advance(75);
    assert.equal(transport.lists.length, 2);
  });

  it('a throwing subscriber does not stop the others', async () => {
    create();
    cache.onDidChange(() => {
      throw new Error('boom');
    });
    const seen: CacheChange[] = [];
    cache.onDidChange((c) => seen.push(c));
    cache.start();
    await settle();
    transport.lastList.resolve({ items: [pod('a', '1')], resourceVersion: '1' });
    await clock.advance(10);
    assert.equal(seen.length, 1);
  });

  it('dispose aborts the watch, cancels every timer and stops the loop', async () => {
    await startSynced([pod('a', '1')], '1');
    const w = transport.lastWatch;
    w.emit({ type: 'MODIFIED', object: pod('a', '2') }); // a batch is pending
    assert.equal(clock.timers.size, 1);
    changes.length = 0;
    cache.dispose();
    assert.ok(w.signal.aborted);
    assert.equal(clock.timers.size, 0);
    assert.equal(cache.state, 'disposed');
    await clock.advance(60_000);
    assert.equal(changes.length, 0, 'no batch after dispose');
    assert.equal(transport.lists.length, 1);
    assert.equal(transport.watches.length, 1);
    cache.dispose(); // idempotent
  });

  it('dispose during a backoff sleep leaves nothing running', async () => {
    create().start();
    await settle();
    transport.lastList.reject(new TransportError('reset', { code: 'ECONNRESET' }));
    await settle();
    assert.equal(clock.timers.size, 1);
    cache.dispose();
    await settle();
    assert.equal(clock.timers.size, 0);
    assert.equal(transport.lists.length, 1);
    assert.deepEqual(states, ['listing', 'reconnecting', 'disposed']);
  });
});

describe('WatchCache (system clock)', () => {
  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('dispose leaves no real timer behind (backoff sleep and pending batch)', async () => {
    // the system clock, counting the cache's live timers
    const live = new Set<unknown>();
    const clock: Clock = {
      setTimeout(fn, ms) {
        const h = systemClock.setTimeout(() => {
          live.delete(h);
          fn();
        }, ms);
        live.add(h);
        return h;
      },
      clearTimeout(h) {
        live.delete(h);
        systemClock.clearTimeout(h);
      },
    };
    const transport = new FakeTransport();
    const cache = new WatchCache({ transport, clock, backoff: { initialMs: 60_000 }, coalesceMs: 60_000 });
    cache.start();
    await settle();
    transport.lastList.resolve({ items: [pod('a', '1')], resourceVersion: '1' });
    await settle();
    transport.lastWatch.fail(new TransportError('reset', { code: 'ECONNRESET' }));
    await settle();
    assert.equal(cache.state, 'reconnecting');
    assert.equal(live.size, 2, 'a batch and a backoff timer are pending');
    const active = timeouts();
    cache.dispose();
    await settle();
    assert.equal(live.size, 0);
    assert.equal(timeouts(), active - 2, 'the real timers are gone too');
  });

  it('can be disposed from inside its own listeners', async () => {
    const transport = new FakeTransport();
    const cache = new WatchCache({ transport, coalesceMs: 0 });
    cache.onDidChangeState((s) => s === 'synced' && cache.dispose());
    cache.start();
    await settle();
    transport.lastList.resolve({ items: [], resourceVersion: '1' });
    await settle();
    assert.equal(cache.state, 'disposed');
    assert.equal(transport.watches.length, 0);
  });
});

describe('Backoff', () => {
  it('grows by the factor up to the cap, and resets', () => {
    const b = new Backoff({ initialMs: 10, maxMs: 50, factor: 3, jitter: 0 });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next()], [10, 30, 50, 50]);
    assert.equal(b.attempts, 4);
    b.reset();
    assert.equal(b.next(), 10);
  });

  it('jitter only shortens the delay, never beyond the cap', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 1000, jitter: 0.2, random: () => 0.999 });
    const d = b.next();
    assert.ok(d <= 1000 && d >= 800, String(d));
  });
});

describe('WatchCacheRegistry', () => {
  const key = { group: '', version: 'v1', resource: 'pods', namespace: 'bookinfo' };

  function registry() {
    const created: WatchCache[] = [];
    const reg = new WatchCacheRegistry(() => {
      const transport = new FakeTransport();
      const c = new WatchCache({ transport, clock: new FakeClock() });
      created.push(c);
      return c;
    });
    return { reg, created };
  }

  it('shares one started cache per key and disposes it on the last release', () => {
    const { reg, created } = registry();
    const a = reg.acquire(key);
    const b = reg.acquire({ ...key });
    assert.equal(a.cache, b.cache);
    assert.equal(created.length, 1);
    assert.equal(a.cache.state, 'listing');
    assert.equal(reg.refCount(key), 2);
    a.release();
    a.release(); // a second release of the same lease is ignored
    assert.equal(reg.refCount(key), 1);
    assert.notEqual(b.cache.state, 'disposed');
    b.release();
    assert.equal(b.cache.state, 'disposed');
    assert.equal(reg.size, 0);
    const c = reg.acquire(key);
    assert.notEqual(c.cache, a.cache, 'a new cache after the last release');
    reg.dispose();
    assert.equal(c.cache.state, 'disposed');
  });

  it('keys by group/version/resource and namespace', () => {
    const { reg, created } = registry();
    reg.acquire(key);
    reg.acquire({ ...key, namespace: undefined });
    reg.acquire({ group: 'networking.istio.io', version: 'v1', resource: 'virtualservices' });
    assert.equal(created.length, 3);
    assert.equal(reg.size, 3);
    reg.dispose();
    assert.ok(created.every((c) => c.state === 'disposed'));
  });
});
