/**
 * The graph with no Prometheus at all: config-only mode from the live cluster's watch caches (a
 * ClusterSession over the API emulator), and the messages saying which Prometheus does not answer —
 * through the API server's service proxy (no such service, no endpoints) or at a URL.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterSession } from '../../client/src/cluster/cluster-session';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { GraphSource } from '../../client/src/graph/graph-source';
import { liveMeshObjects } from '../../client/src/graph/mesh-objects';
import { locatePrometheus } from '../../client/src/graph/prometheus-location';
import { startEmulator, type Emulator } from '../emulator';
import { freePort } from './prometheus-harness';
import { seedMeshObjects } from './seed-objects';

describe('service graph without Prometheus (config only)', function () {
  this.timeout(30_000);
  let dir: string;
  let emu: Emulator;
  let session: ClusterSession | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meshwright-config-only-'));
    emu = await startEmulator({ seed: 'bookinfo', anonymous: 'admin' });
  });
  after(async () => {
    session?.dispose();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function kubeconfig() {
    const loaded = await loadKubeconfig({ setting: emu.kubeconfig(join(dir, 'kubeconfig')) });
    assert.ok(loaded.ok, !loaded.ok ? loaded.message : '');
    return loaded;
  }

  it('config-only mode from the live cluster (watch cache) with no Prometheus', async () => {
    const loaded = await kubeconfig();
    session = new ClusterSession({
      kc: loaded.kc,
      context: loaded.context,
      namespace: loaded.namespace,
      debounceMs: 20,
    });
    session.start();
    const deadline = Date.now() + 15_000;
    // every kind the overlay reads listed (Istio kinds are added once discovery answers)
    const filled = () => {
      const o = liveMeshObjects(session!.cluster);
      return (
        session!.cluster.settled &&
        o.virtualServices.length === 2 &&
        o.destinationRules.length === 4 &&
        o.gateways.length === 1 &&
        o.services.length > 0 &&
        o.workloads.length > 0 &&
        o.pods.length > 0
      );
    };
    while (!filled()) {
      assert.ok(Date.now() < deadline, 'the watch caches did not fill');
      await new Promise((r) => setTimeout(r, 20));
    }
    const cluster = session.cluster;
    const source = new GraphSource({
      unconfiguredReason: 'no Prometheus configured',
      objects: () => liveMeshObjects(cluster),
    });
    const graph = await source.refresh({ namespaces: ['bookinfo'], window: '5m' });
    assert.equal(graph.mode, 'config-only');
    assert.equal(graph.queries, 0);
    assert.match(graph.notices.join(), /no Prometheus configured — showing routing config only/);
    assert.ok(graph.edges.every((e) => e.configOnly));
    assert.deepEqual(graph.edges.map((e) => e.id).sort(), [
      'ingress:istio-system/istio-ingressgateway->service:bookinfo/productpage',
      'service:bookinfo/details->workload:bookinfo/details-v1',
      'service:bookinfo/productpage->workload:bookinfo/productpage-v1',
      'service:bookinfo/ratings->workload:bookinfo/ratings-v1',
      'service:bookinfo/reviews->workload:bookinfo/reviews-v1',
      'service:bookinfo/reviews->workload:bookinfo/reviews-v3',
    ]);
    const weights = graph.edges
      .filter((e) => e.source === 'service:bookinfo/reviews')
      .map((e) => e.config.weight);
    assert.deepEqual(weights, [90, 10]);
    assert.ok(graph.nodes.find((n) => n.id === 'workload:bookinfo/reviews-v2')?.idle);
  });

  it('says which Prometheus does not answer: a missing service, one without endpoints, a bad URL, none', async () => {
    const loaded = await kubeconfig();
    const noService = locatePrometheus({ kc: loaded.kc, proxyService: 'monitoring/prometheus:9090' }).client!;
    const g1 = await new GraphSource({
      prometheus: noService,
      objects: () => seedMeshObjects('bookinfo'),
    }).refresh({
      namespaces: ['bookinfo'],
      window: '5m',
    });
    assert.equal(g1.mode, 'config-only');
    assert.match(
      g1.notices[0]!,
      /^Prometheus is not answering: there is no service monitoring\/prometheus in the cluster — showing routing config only$/,
    );
    const noEndpoints = locatePrometheus({ kc: loaded.kc }).client!;
    const g3 = await new GraphSource({
      prometheus: noEndpoints,
      objects: () => seedMeshObjects('bookinfo'),
    }).refresh({
      namespaces: ['bookinfo'],
      window: '5m',
    });
    console.log(`      ${g1.notices[0]}\n      ${g3.notices[0]}`);
    assert.match(g3.notices[0]!, /service istio-system\/prometheus does not answer: no endpoints available/);
    assert.equal(g3.mode, 'config-only');
    assert.ok(g3.edges.length > 0);
    const closed = await freePort(); // nothing listens there
    const refused = locatePrometheus({ url: `http://127.0.0.1:${closed}` }).client!;
    const g2 = await new GraphSource({
      prometheus: refused,
      objects: () => seedMeshObjects('bookinfo'),
    }).refresh({
      namespaces: ['bookinfo'],
      window: '5m',
    });
    assert.match(
      g2.notices[0]!,
      new RegExp(
        `^Prometheus is not answering: http://127\\.0\\.0\\.1:${closed}: ECONNREFUSED — showing routing config only$`,
      ),
    );
    const none = locatePrometheus({});
    assert.match(none.reason!, /set meshwright\.prometheus\.url or connect to a cluster/);
  });
});
