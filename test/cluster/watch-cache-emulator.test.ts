/**
 * Integration tests of the watch cache against the Kubernetes API emulator, over the test-only HTTP
 * transport: initial sync, live changes, dropped watches, server restarts, compaction (410), RBAC and
 * connection refused, and one shared watch per collection through the registry.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResourceTransport } from '../../client/src/cluster/transport';
import { WatchCache, type CacheChange, type CacheState } from '../../client/src/cluster/watch-cache';
import { WatchCacheRegistry } from '../../client/src/cluster/watch-cache-registry';
import { findType, startEmulator, type Emulator } from '../emulator';
import { httpTransport } from './http-transport';

const PODS = findType('', 'v1', 'pods')!;
const NS = 'bookinfo';
const PATH = `/api/v1/namespaces/${NS}/pods`;

/** Poll until `check` holds; fails with `what` after `timeoutMs`. Resolves with the elapsed ms. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

const podBody = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { app: 'test' } },
  spec: { containers: [{ name: 'main', image: 'busybox' }] },
});

describe('WatchCache against the API emulator', function () {
  this.timeout(15_000);
  let emu: Emulator;
  const caches: WatchCache[] = [];

  before(async () => {
    emu = await startEmulator({ seed: 'bookinfo', bookmarkIntervalMs: 200 });
  });
  after(async () => {
    await emu.stop();
  });
  afterEach(async () => {
    for (const c of caches.splice(0)) c.dispose();
    emu.faults.reset();
    // every watch the caches opened is closed on the server side too
    await waitFor('server-side watches to close', () => emu.faults.openStreams === 0, 2000);
  });

  /** Counts list calls so tests can tell a relist from a resumed watch. */
  function counting(t: ResourceTransport): ResourceTransport & { lists: number } {
    const wrapped = {
      lists: 0,
      list: (signal: AbortSignal) => {
        wrapped.lists++;
        return t.list(signal);
      },
      watch: t.watch.bind(t),
    };
    return wrapped;
  }

  function newCache(token = emu.adminToken, url = emu.url) {
    const transport = counting(httpTransport({ url, path: PATH, token }));
    const cache = new WatchCache({
      transport,
      backoff: { initialMs: 50, maxMs: 500 },
      forbiddenRetryMs: 60_000,
      coalesceMs: 10,
    });
    const changes: CacheChange[] = [];
    const states: CacheState[] = [];
    cache.onDidChange((c) => changes.push(c));
    cache.onDidChangeState((s) => states.push(s));
    caches.push(cache);
    cache.start();
    return { cache, transport, changes, states };
  }

  const storeNames = () => emu.store.list(PODS, NS).map((p) => p.metadata.name!);
  const cacheNames = (c: WatchCache) => c.snapshot().map((p) => p.metadata.name!);
  const sameSet = (a: string[], b: string[]) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  const converged = (c: WatchCache) => c.state === 'synced' && sameSet(cacheNames(c), storeNames());

  it('holds the seeded bookinfo pods', async () => {
    const { cache, changes } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    await waitFor('first batch', () => changes.length > 0, 1000);
    const seeded = storeNames();
    assert.ok(seeded.length >= 6, `bookinfo seed has pods (${seeded.length})`);
    assert.deepEqual(cacheNames(cache).sort(), seeded.sort());
    assert.deepEqual(changes[0].added.map((p) => p.metadata.name).sort(), seeded.sort());
    const first = emu.store.list(PODS, NS)[0];
    assert.equal(cache.get(NS, first.metadata.name!)?.metadata.uid, first.metadata.uid);
  });

  it('shows pods created and deleted (store and HTTP) within 1 s', async () => {
    const { cache, changes } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    emu.store.create(PODS, NS, podBody('from-store'));
    const t1 = await waitFor('pod from the store', () => !!cache.get(NS, 'from-store'), 1000);
    const created = await fetch(`${emu.url}${PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(podBody('from-http')),
    });
    assert.equal(created.status, 201);
    const t2 = await waitFor('pod from HTTP', () => !!cache.get(NS, 'from-http'), 1000);
    const deleted = await fetch(`${emu.url}${PATH}/from-http`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${emu.adminToken}` },
    });
    assert.equal(deleted.status, 200);
    emu.store.delete(PODS, NS, 'from-store');
    const t3 = await waitFor(
      'deletions',
      () => !cache.get(NS, 'from-http') && !cache.get(NS, 'from-store'),
      1000,
    );
    await waitFor('deletion batch', () => changes.some((c) => c.deleted.length > 0), 500);
    const deletedNames = changes.flatMap((c) => c.deleted.map((p) => p.metadata.name));
    assert.deepEqual(deletedNames.sort(), ['from-http', 'from-store']);
    assert.ok(Math.max(t1, t2, t3) < 1000, `latencies ${t1}/${t2}/${t3} ms`);
  });

  it('converges after dropped watches, without relisting, and misses nothing', async () => {
    const { cache, transport } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    emu.store.create(PODS, NS, podBody('doomed'));
    await waitFor('doomed pod', () => !!cache.get(NS, 'doomed'), 1000);
    emu.faults.dropWatches();
    emu.store.delete(PODS, NS, 'doomed'); // while the cache is between watches
    emu.store.create(PODS, NS, podBody('born-offline'));
    await waitFor('convergence', () => converged(cache), 5000);
    assert.equal(cache.get(NS, 'doomed'), undefined);
    assert.ok(cache.get(NS, 'born-offline'));
    assert.equal(transport.lists, 1, 'resumed from the last resourceVersion');
    emu.store.delete(PODS, NS, 'born-offline');
    await waitFor('still watching', () => !cache.get(NS, 'born-offline'), 1000);
  });

  it('converges after a server restart with nothing stale', async () => {
    const { cache, states } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    emu.store.create(PODS, NS, podBody('before-restart'));
    await waitFor('pod', () => !!cache.get(NS, 'before-restart'), 1000);
    emu.faults.restart();
    emu.store.delete(PODS, NS, 'before-restart');
    emu.store.create(PODS, NS, podBody('after-restart'));
    const ms = await waitFor('convergence', () => converged(cache), 5000);
    assert.equal(cache.get(NS, 'before-restart'), undefined);
    assert.ok(cache.get(NS, 'after-restart'));
    assert.ok(states.includes('reconnecting'), `states: ${states.join(' → ')}`);
    assert.ok(ms < 5000);
    emu.store.delete(PODS, NS, 'after-restart');
    await waitFor('watching again', () => !cache.get(NS, 'after-restart'), 1000);
  });

  it('relists after compaction (410) and emits the diff', async () => {
    const { cache, transport, changes } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    emu.store.create(PODS, NS, podBody('old-one'));
    await waitFor('pod', () => !!cache.get(NS, 'old-one'), 1000);
    changes.length = 0;
    emu.faults.dropWatches();
    emu.store.delete(PODS, NS, 'old-one');
    emu.store.create(PODS, NS, podBody('compacted-in'));
    emu.store.compact(); // the cache's resourceVersion is now too old: the resumed watch gets 410
    await waitFor('relist', () => transport.lists === 2, 5000);
    await waitFor('convergence', () => converged(cache), 5000);
    await waitFor('relist batch', () => changes.some((c) => c.relisted), 1000);
    const relist = changes.find((c) => c.relisted)!;
    assert.deepEqual(
      relist.added.map((p) => p.metadata.name),
      ['compacted-in'],
    );
    assert.deepEqual(
      relist.deleted.map((p) => p.metadata.name),
      ['old-one'],
    );
    assert.equal(relist.updated.length, 0, 'unchanged pods are not reported');
    emu.store.delete(PODS, NS, 'compacted-in');
    await waitFor('watching again', () => !cache.get(NS, 'compacted-in'), 1000);
  });

  it('recovers from injected server errors through reconnecting', async () => {
    const { cache, states } = newCache();
    await waitFor('sync', () => cache.state === 'synced', 2000);
    emu.faults.failNext(2, 500);
    emu.faults.dropWatches();
    await waitFor('reconnecting', () => states.includes('reconnecting'), 2000);
    await waitFor('convergence', () => converged(cache), 5000);
  });

  it('a token without access to pods → forbidden', async () => {
    emu.tokens.set('services-only', [{ verbs: ['*'], resources: ['services'] }]);
    const { cache, transport } = newCache('services-only');
    await waitFor('forbidden', () => cache.state === 'forbidden', 2000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(transport.lists, 1, 'no quick retries while forbidden');
    assert.equal(cache.snapshot().length, 0);
  });

  it('a closed port → unreachable', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const { cache, transport } = newCache(emu.adminToken, `http://127.0.0.1:${port}`);
    await waitFor('unreachable', () => cache.state === 'unreachable', 2000);
    await waitFor('retries with backoff', () => transport.lists >= 3, 2000);
  });

  it('the registry shares one watch between consumers and closes it on the last release', async () => {
    const registry = new WatchCacheRegistry(
      () =>
        new WatchCache({
          transport: httpTransport({ url: emu.url, path: PATH, token: emu.adminToken }),
          coalesceMs: 10,
        }),
    );
    const key = { group: '', version: 'v1', resource: 'pods', namespace: NS };
    const a = registry.acquire(key);
    const b = registry.acquire(key);
    await waitFor('sync', () => a.cache.state === 'synced', 2000);
    await waitFor('watch open', () => emu.faults.openStreams === 1, 1000);
    assert.equal(a.cache, b.cache);
    a.release();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(emu.faults.openStreams, 1, 'still used by b');
    b.release();
    assert.equal(b.cache.state, 'disposed');
    await waitFor('watch closed', () => emu.faults.openStreams === 0, 1000);
  });
});
