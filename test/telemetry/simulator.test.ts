/**
 * The traffic simulator: the series it reports (who reports what), its two outputs (text exposition for
 * a live scrape, OpenMetrics for backfill), a live-scraping Prometheus reading the loopback `/metrics`
 * endpoint, and the large seed's mesh backfilled and rebuilt exactly.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphSource } from '../../client/src/graph/graph-source';
import { emptyMeshObjects } from '../../client/src/graph/mesh-objects';
import { createPrometheusClient, directTransport } from '../../client/src/graph/prometheus-client';
import { assertGraphMatchesTopology } from './graph-assertions';
import { prometheusMissing, startPrometheus } from './prometheus-harness';
import {
  bookinfoTopology,
  expectedEdges,
  largeTopology,
  prometheusText,
  startMetricsServer,
  topologySeries,
  writeOpenMetrics,
} from './simulator';

describe('traffic simulator', () => {
  it('reports like Istio proxies: destination sidecars with the mTLS policy, sources with policy unknown', () => {
    const series = topologySeries(bookinfoTopology({ mtlsOff: ['reviews-v3'] })).filter(
      (s) => s.family === 'istio_requests_total',
    );
    const from = (source: string, reporter: string) =>
      series.filter((s) => s.labels.source_workload === source && s.labels.reporter === reporter);
    // the ingress gateway has no sidecar but reports as source; productpage's sidecar reports as destination
    assert.equal(from('istio-ingressgateway', 'source').length, 1);
    assert.deepEqual(
      from('istio-ingressgateway', 'destination').map((s) => s.labels.connection_security_policy),
      ['mutual_tls'],
    );
    assert.deepEqual(
      [...new Set(from('reviews-v3', 'destination').map((s) => s.labels.connection_security_policy))],
      ['none'],
    );
    assert.ok(
      series
        .filter((s) => s.labels.reporter === 'source')
        .every((s) => s.labels.connection_security_policy === 'unknown'),
    );
    // reviews-v3 answers 5% with 503
    const v3 = series.filter(
      (s) => s.labels.destination_workload === 'reviews-v3' && s.labels.reporter === 'destination',
    );
    assert.deepEqual(
      v3.map((s) => [s.labels.response_code, Math.round(s.rate * 1000) / 1000]),
      [
        ['200', 0.95],
        ['503', 0.05],
      ],
    );
  });

  it('writes the text exposition and OpenMetrics (families contiguous, timestamps in seconds, # EOF)', async () => {
    const series = topologySeries(bookinfoTopology({ tcpBytesPerSecond: 100 }));
    const text = prometheusText(series, 10);
    assert.match(text, /^# TYPE istio_requests_total counter\n/);
    assert.match(text, /\nistio_request_duration_milliseconds_bucket\{.*le="\+Inf"\} \d/);
    const dir = mkdtempSync(join(tmpdir(), 'meshwright-om-'));
    try {
      const file = join(dir, 'x.om');
      const lines = await writeOpenMetrics(
        series,
        { startMs: 1_700_000_000_000, endMs: 1_700_000_010_000, stepS: 5 },
        file,
      );
      const out = readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(out.at(-1), '# EOF');
      const types = out.filter((l) => l.startsWith('# TYPE'));
      assert.deepEqual(types, [
        '# TYPE istio_requests counter',
        '# TYPE istio_request_duration_milliseconds histogram',
        '# TYPE istio_tcp_sent_bytes counter',
        '# TYPE istio_tcp_received_bytes counter',
      ]);
      assert.equal(out.length, lines + types.length + 1);
      assert.match(out[1]!, /^istio_requests_total\{reporter="destination",.*\} [\d.e+]+ 1700000000\.000$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs from the command line: `ready <url>`, overrides, OpenMetrics files, usage errors, SIGTERM', async function () {
    this.timeout(20_000);
    const cli = join(__dirname, 'simulator-cli.ts');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--error',
        'reviews-v3=0.5',
        '--parent-pid',
        String(process.pid),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const url = /^ready (http:\/\/127\.0\.0\.1:\d+\/metrics)$/.exec(line)?.[1];
      assert.ok(url, line);
      const text = await (await fetch(url)).text();
      assert.match(
        text,
        /istio_requests_total\{reporter="destination",.*destination_workload="reviews-v3".*response_code="503"\} /,
      );
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'meshwright-cli-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          '--mesh',
          'large',
          '--openmetrics',
          join(dir, 'x.om'),
          '--minutes',
          '1',
          '--step',
          '30',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^wrote \d+ samples to /);
      assert.ok(readFileSync(join(dir, 'x.om'), 'utf8').endsWith('# EOF\n'));
      const bad = spawnSync(process.execPath, ['--import', 'tsx', cli, '--error', 'nope=1'], {
        encoding: 'utf8',
      });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /no workload "nope" in bookinfo/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('with a real Prometheus', function () {
    this.timeout(90_000);
    before(function () {
      const missing = prometheusMissing();
      if (missing) {
        console.log(`skipped: ${missing}`);
        this.skip();
      }
    });

    it('is scraped live from its loopback /metrics endpoint', async () => {
      const topology = bookinfoTopology({ reviews: { v1: 0.4, v2: 0.4, v3: 0.2 } });
      const metrics = await startMetricsServer(topology);
      const prom = await startPrometheus({
        scrapeTargets: [`127.0.0.1:${metrics.port}`],
        scrapeIntervalS: 1,
      });
      try {
        const client = createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) });
        const start = Date.now();
        // rates read low until samples cover the whole window: wait for a full 6 s of 1 s scrapes
        const scrapes = async () =>
          (
            await client.query(
              'count_over_time(istio_requests_total{reporter="source",source_workload="istio-ingressgateway"}[6s])',
            )
          )[0]?.value ?? 0;
        while ((await scrapes()) < 6) {
          assert.ok(Date.now() - start < 30_000, 'no scrapes after 30 s');
          await new Promise((r) => setTimeout(r, 250));
        }
        console.log(`      first rates after ${Date.now() - start} ms`);
        const graph = await new GraphSource({ prometheus: client, objects: emptyMeshObjects }).refresh({
          namespaces: ['bookinfo'],
          window: '6s',
        });
        assertGraphMatchesTopology(graph, topology);
      } finally {
        await prom.dispose();
        await metrics.stop();
      }
    });

    it('rebuilds the large seed’s mesh (300 services, 20 namespaces) exactly from backfill', async () => {
      const topology = largeTopology({ seed: 7 });
      const dir = mkdtempSync(join(tmpdir(), 'meshwright-large-'));
      const end = Math.floor(Date.now() / 1000) * 1000 - 60_000;
      try {
        const file = join(dir, 'large.om');
        await writeOpenMetrics(
          topologySeries(topology),
          { startMs: end - 120_000, endMs: end, stepS: 30 },
          file,
        );
        const prom = await startPrometheus({ openMetrics: file });
        try {
          const client = createPrometheusClient({
            target: prom.url,
            transport: directTransport(prom.url),
            timeoutMs: 30_000,
          });
          const source = new GraphSource({ prometheus: client, objects: emptyMeshObjects });
          const t = performance.now();
          const graph = await source.refresh({ namespaces: [], window: '1m', time: end });
          const ms = performance.now() - t;
          const figures = assertGraphMatchesTopology(graph, topology);
          assert.equal(figures.edges, expectedEdges(topology).size);
          console.log(
            `      ${graph.nodes.length} nodes, ${figures.edges} edges from ${graph.queries} queries in ${ms.toFixed(0)} ms`,
          );
          const one = await source.refresh({ namespaces: ['team-3'], window: '1m', time: end });
          // edges into team-3, out of it, and on from the services it calls to their workloads
          const inTeam3 = (id: string) => id.includes(':team-3/');
          const reached = new Set(one.edges.filter((e) => inTeam3(e.source)).map((e) => e.target));
          assert.ok(one.edges.length > 0);
          for (const e of one.edges)
            assert.ok(inTeam3(e.source) || inTeam3(e.target) || reached.has(e.source), e.id);
        } finally {
          await prom.dispose();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
