/**
 * The watch cache over the real @kubernetes/client-node transport (what the extension will use),
 * against the API emulator: initial sync, live changes, relist after compaction, RBAC and an
 * unreachable server.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clientNodeTransport,
  collectionPath,
  loadClientNode,
} from '../../client/src/cluster/client-node-transport';
import { WatchCache } from '../../client/src/cluster/watch-cache';
import { findType, startEmulator, type Emulator } from '../emulator';

const PODS = findType('', 'v1', 'pods')!;
const NS = 'bookinfo';
const POD_TYPE = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespace: NS };

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('WatchCache over @kubernetes/client-node', function () {
  this.timeout(15_000);
  let emu: Emulator;
  let dir: string;
  const caches: WatchCache[] = [];

  before(async function () {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 19)) this.skip(); // client-node 2.x needs Node >= 22.19
    emu = await startEmulator({ seed: 'bookinfo', bookmarkIntervalMs: 200, anonymous: 'deny' });
    dir = mkdtempSync(join(tmpdir(), 'client-node-transport-'));
  });
  after(async () => {
    for (const c of caches) c.dispose();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function cacheFor(token?: string, server?: string) {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig(join(dir, `kubeconfig-${caches.length}`), token ? { token } : {}));
    if (server) {
      kc.loadFromOptions({
        clusters: [{ name: 'gone', server, skipTLSVerify: true }],
        users: [{ name: 'u', token: emu.adminToken }],
        contexts: [{ name: 'gone', cluster: 'gone', user: 'u' }],
        currentContext: 'gone',
      });
    }
    const cache = new WatchCache({
      transport: await clientNodeTransport(kc, POD_TYPE),
      backoff: { initialMs: 50, maxMs: 500 },
      coalesceMs: 10,
    });
    caches.push(cache);
    cache.start();
    return cache;
  }

  it('builds collection paths for core and grouped resources', () => {
    assert.equal(collectionPath(POD_TYPE), '/api/v1/namespaces/bookinfo/pods');
    assert.equal(
      collectionPath({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        plural: 'virtualservices',
      }),
      '/apis/networking.istio.io/v1/virtualservices',
    );
  });

  it('syncs, follows live changes and relists after compaction', async () => {
    const cache = await cacheFor();
    await waitFor('sync', () => cache.state === 'synced' && cache.snapshot().length === 6, 3000);
    emu.store.create(PODS, NS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'live', namespace: NS },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    });
    await waitFor('live pod', () => !!cache.get(NS, 'live'), 1000);
    emu.faults.dropWatches();
    emu.store.delete(PODS, NS, 'live');
    emu.store.compact();
    await waitFor(
      'relist without the deleted pod',
      () => cache.state === 'synced' && !cache.get(NS, 'live'),
      5000,
    );
  });

  it('reports forbidden for a token without access, unreachable for a closed port', async () => {
    emu.tokens.set('services-only', [{ verbs: ['*'], resources: ['services'] }]);
    const forbidden = await cacheFor('services-only');
    await waitFor('forbidden', () => forbidden.state === 'forbidden', 3000);
    // A port that was free a moment ago (fetch refuses "bad" ports such as 1 before connecting).
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const gone = await cacheFor(undefined, `http://127.0.0.1:${port}`);
    await waitFor('unreachable', () => gone.state === 'unreachable', 3000);
  });
});
