/**
 * The graph data path against a real Prometheus (Debian package `prometheus`), backfilled with the
 * traffic simulator's OpenMetrics so every figure is exact at the queried `time=`: the graph equals the
 * simulated topology (rates and error % within 2%, p99 within one histogram bucket, mTLS share right),
 * directly and through the API emulator's service proxy like the extension reaches a cluster's
 * Prometheus; Prometheus going down mid-session and coming back. (Config-only mode without any
 * Prometheus: config-only.test.ts.)
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { GraphSource, type TelemetryState } from '../../client/src/graph/graph-source';
import type { ServiceGraph } from '../../client/src/graph/graph-types';
import { responseRows } from '../../client/src/graph/grpc-status';
import { overlayWorkspaceObjects } from '../../client/src/graph/mesh-objects';
import { WorkspaceMeshObjects } from '../../client/src/graph/workspace-objects';
import {
  createPrometheusClient,
  directTransport,
  type PrometheusClient,
} from '../../client/src/graph/prometheus-client';
import { locatePrometheus } from '../../client/src/graph/prometheus-location';
import { startEmulator, type Emulator } from '../emulator';
import { assertGraphMatchesTopology } from './graph-assertions';
import { prometheusMissing, startPrometheus, type PrometheusProcess } from './prometheus-harness';
import { seedMeshObjects } from './seed-objects';
import { bookinfoTopology, topologySeries, writeOpenMetrics } from './simulator';

/** Counts the queries a client issues. */
function counting(client: PrometheusClient): PrometheusClient & { count: number } {
  const c = {
    target: client.target,
    count: 0,
    query: (q: string, o?: Parameters<PrometheusClient['query']>[1]) => (c.count++, client.query(q, o)),
    queryRange: (q: string, o: Parameters<PrometheusClient['queryRange']>[1]) => (
      c.count++,
      client.queryRange(q, o)
    ),
  };
  return c;
}

const telemetryEdges = (g: ServiceGraph) => g.edges.filter((e) => !e.configOnly).map((e) => e.id);

describe('service graph over a real Prometheus (backfilled simulator data)', function () {
  this.timeout(60_000);
  const topology = bookinfoTopology({
    rps: 12,
    reviews: { v1: 0.5, v2: 0.3, v3: 0.2 },
    workloads: { 'details-v1': { errorRatio: 0.1 }, 'reviews-v2': { errorRatio: 0.25 } },
    mtlsOff: ['reviews-v2'],
    detailsGrpc: true,
    tcpBytesPerSecond: 4096,
    externalHost: 'api.books.example.com',
  });
  // whole seconds, a minute in the past: the last sample is at `end`, queries are evaluated there
  const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  let dir: string;
  let prom: PrometheusProcess;
  let emu: Emulator;

  before(async function () {
    const missing = prometheusMissing();
    if (missing) {
      console.log(`skipped: ${missing}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'meshwright-telemetry-'));
    const file = join(dir, 'bookinfo.om');
    await writeOpenMetrics(
      topologySeries(topology),
      { startMs: end - 10 * 60_000, endMs: end, stepS: 5 },
      file,
    );
    prom = await startPrometheus({ openMetrics: file });
    emu = await startEmulator({
      seed: 'bookinfo',
      anonymous: 'admin',
      proxies: { 'istio-system/prometheus:9090': prom.url },
    });
  });
  after(async () => {
    await emu?.stop();
    await prom?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function kubeconfig() {
    const loaded = await loadKubeconfig({ setting: emu.kubeconfig(join(dir, 'kubeconfig')) });
    assert.ok(loaded.ok, !loaded.ok ? loaded.message : '');
    return loaded;
  }

  it('builds the simulated topology from 3 queries: rates, errors, mTLS, p99, TCP, external', async () => {
    const client = counting(
      createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) }),
    );
    const source = new GraphSource({ prometheus: client, objects: () => seedMeshObjects('bookinfo') });
    const graph = await source.refresh({ namespaces: ['bookinfo'], window: '5m', time: end });
    assert.equal(graph.mode, 'telemetry');
    assert.deepEqual(graph.notices, []);
    assert.equal(client.count, 3);
    assert.equal(graph.queries, 3);
    const figures = assertGraphMatchesTopology(graph, topology);
    console.log(
      `      ${figures.edges} edges; max rate deviation ${figures.maxRateErrorPct.toFixed(4)}%; ` +
        `max error-rate deviation ${figures.maxErrorRateDiff.toExponential(2)}; p99 buckets off: ${Math.max(...figures.p99BucketsOff)}`,
    );
    const edge = (id: string) => graph.edges.find((e) => e.id === id)!;
    // the plain-text caller's share, gRPC errors, the source-only external edge
    assert.equal(edge('workload:bookinfo/reviews-v2->service:bookinfo/ratings').mtlsShare, 0);
    assert.equal(edge('workload:bookinfo/productpage-v1->service:bookinfo/reviews').mtlsShare, 1);
    assert.ok(
      Math.abs(edge('workload:bookinfo/productpage-v1->service:bookinfo/details').errorRate - 0.1) < 1e-6,
    );
    const details = edge('workload:bookinfo/productpage-v1->service:bookinfo/details');
    assert.equal(details.protocol, 'grpc');
    // gRPC failures arrive as HTTP 200: the breakdown names them by grpc-status
    assert.deepEqual(
      responseRows(details.responseCodes, details.grpcStatuses).map((r) => [
        r.label,
        Math.round((100 * r.rps) / details.requestsPerSecond),
        r.error,
      ]),
      [
        ['200 · OK', 90, false],
        ['200 · UNAVAILABLE (14)', 10, true],
      ],
    );
    assert.equal(edge('workload:bookinfo/productpage-v1->service:bookinfo/reviews').grpcStatuses, undefined);
    assert.equal(
      edge('workload:bookinfo/productpage-v1->external:api.books.example.com').mtlsShare,
      undefined,
    );
    // node sums and the config overlay on telemetry edges (the seed routes reviews 90/10 to v1/v3)
    const reviews = graph.nodes.find((n) => n.id === 'service:bookinfo/reviews')!;
    assert.ok(Math.abs(reviews.requestsPerSecond - 12) < 1e-6);
    assert.ok(Math.abs(reviews.errorRate - (0.3 * 0.25 + 0.2 * 0.05)) < 1e-6);
    assert.equal(edge('service:bookinfo/reviews->workload:bookinfo/reviews-v1').config.weight, 90);
    assert.equal(edge('service:bookinfo/reviews->workload:bookinfo/reviews-v3').config.weight, 10);
    assert.equal(edge('service:bookinfo/reviews->workload:bookinfo/reviews-v2').config.weight, undefined);
    assert.equal(graph.nodes.find((n) => n.id === 'workload:bookinfo/reviews-v2')?.hasSidecar, true);
    // the client-side quantiles are Prometheus's own histogram_quantile on the same buckets
    const server = await client.query(
      'histogram_quantile(0.99, sum by (le, destination_workload) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="bookinfo"}[5m])))',
      { time: end },
    );
    assert.ok(server.length >= 6);
    for (const s of server) {
      const e = graph.edges.find((x) =>
        x.id.endsWith(`->workload:bookinfo/${s.metric.destination_workload}`),
      )!;
      assert.ok(
        Math.abs(e.latency.p99! - s.value) < 1e-3,
        `${e.id} p99 ${e.latency.p99} vs server ${s.value}`,
      );
    }
  });

  it('overlays a workspace file’s routing on telemetry: its weights win, refs name the file', async () => {
    const client = createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) });
    const files = new WorkspaceMeshObjects();
    const routing = [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: reviews, namespace: bookinfo}',
      'spec:',
      '  hosts: [reviews]',
      '  http:',
      '  - route:',
      '    - {destination: {host: reviews, subset: v1}, weight: 40}',
      '    - {destination: {host: reviews, subset: v2}, weight: 60}',
    ].join('\n');
    files.set({ uri: 'file:///ws/mesh/reviews.yaml', path: 'mesh/reviews.yaml' }, routing);
    const source = new GraphSource({
      prometheus: client,
      objects: () => overlayWorkspaceObjects(seedMeshObjects('bookinfo'), files.objects()),
    });
    const graph = await source.refresh({ namespaces: ['bookinfo'], window: '5m', time: end });
    assert.equal(graph.mode, 'telemetry');
    assertGraphMatchesTopology(graph, topology);
    const edge = (v: string) =>
      graph.edges.find((e) => e.id === `service:bookinfo/reviews->workload:bookinfo/reviews-${v}`)!;
    assert.deepEqual(
      ['v1', 'v2', 'v3'].map((v) => edge(v).config.weight),
      [40, 60, undefined],
    );
    assert.equal(edge('v2').config.virtualService?.file?.path, 'mesh/reviews.yaml');
    assert.ok(edge('v2').requestsPerSecond > 0, 'telemetry figures kept');
  });

  it('shows several namespaces (or all) with the same three queries, filtered by their regex', async () => {
    const client = counting(
      createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) }),
    );
    const source = new GraphSource({ prometheus: client, objects: () => seedMeshObjects('bookinfo') });
    const edgesOf = async (namespaces: string[]) => {
      const before = client.count;
      const g = await source.refresh({ namespaces, window: '5m', time: end });
      assert.equal(client.count - before, 3, `queries for [${namespaces.join()}]`);
      return telemetryEdges(g).sort();
    };
    const bookinfo = await edgesOf(['bookinfo']);
    const ingressOnly = await edgesOf(['istio-system']);
    // istio-system alone: the gateway's calls out of it (into bookinfo's productpage)
    assert.deepEqual(ingressOnly, [
      'ingress:istio-system/istio-ingressgateway->service:bookinfo/productpage',
      'service:bookinfo/productpage->workload:bookinfo/productpage-v1',
    ]);
    assert.deepEqual(await edgesOf(['bookinfo', 'istio-system']), bookinfo);
    assert.deepEqual(await edgesOf(['bookinfo', 'no-such-namespace']), bookinfo);
    assert.deepEqual(await edgesOf([]), bookinfo, 'all namespaces');
    assert.deepEqual(await edgesOf(['no-such-namespace']), []);
  });

  it('reaches Prometheus through the API server service proxy, with the same graph', async () => {
    const loaded = await kubeconfig();
    const located = locatePrometheus({ kc: loaded.kc });
    assert.ok(located.client, located.reason);
    const source = new GraphSource({
      prometheus: located.client,
      objects: () => seedMeshObjects('bookinfo'),
    });
    const graph = await source.refresh({ namespaces: ['bookinfo'], window: '5m', time: end });
    assert.equal(graph.mode, 'telemetry', graph.notices.join());
    assertGraphMatchesTopology(graph, topology);
    assert.match(located.client.target, /istio-system\/prometheus:9090 through the API server/);
  });

  it('Prometheus down mid-session: config-only with a clear notice, then telemetry again when it returns', async () => {
    const loaded = await kubeconfig();
    const client = locatePrometheus({ kc: loaded.kc, timeoutMs: 3000 }).client!;
    const source = new GraphSource({ prometheus: client, objects: () => seedMeshObjects('bookinfo') });
    const states: TelemetryState['state'][] = [];
    source.onDidChangeTelemetry((s) => states.push(s.state));
    const refresh = () => source.refresh({ namespaces: ['bookinfo'], window: '5m', time: end });
    assert.equal((await refresh()).mode, 'telemetry');
    await prom.stop();
    const down = await refresh();
    assert.equal(down.mode, 'config-only');
    assert.match(
      down.notices[0]!,
      /^Prometheus is not answering: service istio-system\/prometheus does not answer: error trying to reach service: .*ECONNREFUSED.* — showing routing config only$/,
    );
    assert.equal(source.telemetry.state, 'unreachable');
    assert.ok(down.edges.length > 0 && down.edges.every((e) => e.configOnly));
    await prom.start();
    const back = await refresh();
    assert.equal(back.mode, 'telemetry');
    assertGraphMatchesTopology(back, topology);
    assert.deepEqual(states, ['unreachable', 'ok']);
  });

  it('cancels a refresh with the caller signal', async () => {
    const client = createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) });
    const source = new GraphSource({ prometheus: client, objects: () => seedMeshObjects('bookinfo') });
    const controller = new AbortController();
    const pending = source.refresh({
      namespaces: ['bookinfo'],
      window: '5m',
      time: end,
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(pending, (e: Error & { kind?: string }) => e.kind === 'aborted');
    assert.deepEqual(
      telemetryEdges(await source.refresh({ namespaces: ['bookinfo'], window: '5m', time: end })).length,
      14,
    );
  });
});
