/**
 * `npm run bench:graph`: the graph data path.
 *  1. In process, a synthetic 1,000-node / 3,000-edge mesh: the model build (telemetry vectors → graph)
 *     and model + config overlay, median and p95 over repeated runs; queries per refresh through
 *     GraphSource with a counting client (target ≤ 4) against the naive per-edge count.
 *  2. Against a real Prometheus (when installed), the simulated large seed (300 services) backfilled:
 *     our refresh (3 grouped queries) and the naive peer (one query per edge and figure), queries and
 *     wall time, with peer ÷ ours ratios. The graph must equal the simulated topology.
 * Writes bench/results/graph-latest.json. Fails (exit 1) only on correctness: wrong node/edge counts,
 * more than 4 queries per refresh (the bound; we issue 3), or a graph that differs from the simulation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyConfigOverlay } from '../../client/src/graph/config-overlay';
import { buildGraphModel } from '../../client/src/graph/graph-model';
import { GraphSource } from '../../client/src/graph/graph-source';
import { emptyMeshObjects } from '../../client/src/graph/mesh-objects';
import {
  createPrometheusClient,
  directTransport,
  type PrometheusClient,
  type PromSample,
} from '../../client/src/graph/prometheus-client';
import { graphQueries, QUERIES_PER_REFRESH } from '../../client/src/graph/queries';
import { percentile } from '../lsp/stats';
import { assertGraphMatchesTopology } from '../../test/telemetry/graph-assertions';
import { prometheusMissing, startPrometheus } from '../../test/telemetry/prometheus-harness';
import { largeTopology, topologySeries, writeOpenMetrics } from '../../test/telemetry/simulator';
import { naiveQueriesFor, naiveRefresh } from './naive-peer';
import { syntheticMesh } from './synthetic-mesh';

const RUNS = 40;
const WARMUP = 5;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

function time(fn: () => unknown): { median: number; p95: number; runs: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { median: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), runs: RUNS };
}

async function inProcess() {
  const mesh = syntheticMesh({ nodes: 1000, edges: 3000 });
  const opts = { namespaces: mesh.namespaces, window: '5m', time: Date.now(), queries: QUERIES_PER_REFRESH };
  const graph = applyConfigOverlay(buildGraphModel(mesh.vectors, opts), mesh.objects);
  if (graph.nodes.length !== mesh.expected.nodes || graph.edges.length !== mesh.expected.edges)
    throw new Error(`synthetic graph has ${graph.nodes.length} nodes / ${graph.edges.length} edges`);
  const model = time(() => buildGraphModel(mesh.vectors, opts));
  const modelAndOverlay = time(() => applyConfigOverlay(buildGraphModel(mesh.vectors, opts), mesh.objects));
  // a refresh through GraphSource with a client answering the queries from the canned vectors
  const q = graphQueries({ namespaces: mesh.namespaces, window: '5m' });
  const byText = new Map<string, PromSample[]>([
    [q.requests, mesh.vectors.requests],
    [q.latencyBuckets, mesh.vectors.latencyBuckets],
    [q.tcp, mesh.vectors.tcp],
  ]);
  let queries = 0;
  const canned: PrometheusClient = {
    target: 'canned',
    query: async (promql) => {
      queries++;
      const r = byText.get(promql);
      if (!r) throw new Error('unexpected query');
      return r;
    },
    queryRange: async () => [],
  };
  const source = new GraphSource({ prometheus: canned, objects: () => mesh.objects });
  const refreshSamples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const before = queries;
    const t = performance.now();
    const g = await source.refresh({ namespaces: mesh.namespaces, window: '5m' });
    if (i >= WARMUP) refreshSamples.push(performance.now() - t);
    if (queries - before > 4 || g.queries > 4) throw new Error(`${queries - before} queries in one refresh`);
    if (g.mode !== 'telemetry') throw new Error(`refresh fell back to ${g.mode}: ${g.notices.join()}`);
  }
  return {
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    inputSeries: mesh.vectors.requests.length + mesh.vectors.latencyBuckets.length,
    modelMs: model,
    modelAndOverlayMs: modelAndOverlay,
    refreshMs: {
      median: round(percentile(refreshSamples, 50)),
      p95: round(percentile(refreshSamples, 95)),
      runs: RUNS,
    },
    queriesPerRefresh: queries / (WARMUP + RUNS),
    naiveQueriesPerRefresh: naiveQueriesFor(graph.edges.length),
  };
}

async function againstPrometheus() {
  const missing = prometheusMissing();
  if (missing) return { skipped: missing };
  const topology = largeTopology({ seed: 7 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-graph-'));
  const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  try {
    const file = path.join(dir, 'large.om');
    const t = performance.now();
    const samples = await writeOpenMetrics(
      topologySeries(topology),
      { startMs: end - 120_000, endMs: end, stepS: 30 },
      file,
    );
    const prom = await startPrometheus({ openMetrics: file });
    const setupMs = round(performance.now() - t, 0);
    try {
      const client = createPrometheusClient({
        target: prom.url,
        transport: directTransport(prom.url),
        timeoutMs: 120_000,
      });
      let queries = 0;
      const counting: PrometheusClient = { ...client, query: (p, o) => (queries++, client.query(p, o)) };
      const source = new GraphSource({ prometheus: counting, objects: emptyMeshObjects });
      const ours: number[] = [];
      let graph;
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        graph = await source.refresh({ namespaces: [], window: '1m', time: end });
        if (i > 0) ours.push(performance.now() - t0); // the first run warms Prometheus's caches
      }
      const figures = assertGraphMatchesTopology(graph!, topology);
      const naive = await naiveRefresh(client, '1m', end);
      const oursMedian = percentile(ours, 50);
      return {
        mesh: {
          services: 300,
          nodes: graph!.nodes.length,
          edges: figures.edges,
          backfilledSamples: samples,
          setupMs,
        },
        ours: { queries: queries / 6, ms: { median: round(oursMedian), runs: ours.length } },
        naive: { queries: naive.queries, edges: naive.edges, ms: round(naive.ms) },
        ratios: { queries: round(naive.queries / (queries / 6), 1), time: round(naive.ms / oursMedian, 1) },
        exact: {
          maxRateDeviationPct: figures.maxRateErrorPct,
          p99BucketsOff: Math.max(...figures.p99BucketsOff),
        },
      };
    } finally {
      await prom.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const synthetic = await inProcess();
  const prometheus = await againstPrometheus();
  const result = { date: new Date().toISOString(), node: process.version, synthetic, prometheus };
  console.log('\nService graph data (synthetic 1,000 nodes / 3,000 edges, in process)');
  console.log(
    `  model build          median ${synthetic.modelMs.median} ms, p95 ${synthetic.modelMs.p95} ms`,
  );
  console.log(
    `  model + overlay      median ${synthetic.modelAndOverlayMs.median} ms, p95 ${synthetic.modelAndOverlayMs.p95} ms`,
  );
  console.log(
    `  refresh (canned)     median ${synthetic.refreshMs.median} ms, p95 ${synthetic.refreshMs.p95} ms`,
  );
  console.log(
    `  queries per refresh  ours ${synthetic.queriesPerRefresh} (target ≤ 4), naive per-edge ${synthetic.naiveQueriesPerRefresh} ` +
      `(×${round(synthetic.naiveQueriesPerRefresh / synthetic.queriesPerRefresh, 0)})`,
  );
  if ('skipped' in prometheus) console.log(`\nReal Prometheus: skipped: ${prometheus.skipped}`);
  else {
    const p = prometheus;
    console.log(
      `\nReal Prometheus, simulated large seed (${p.mesh.nodes} nodes / ${p.mesh.edges} edges, backfilled)`,
    );
    console.log(`  ours   ${p.ours.queries} queries, median ${p.ours.ms.median} ms`);
    console.log(`  naive  ${p.naive.queries} queries, ${p.naive.ms} ms (concurrency 8)`);
    console.log(`  peer ÷ ours: queries ×${p.ratios.queries}, time ×${p.ratios.time}`);
  }
  const out = path.join(__dirname, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'graph-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote bench/results/graph-latest.json`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
