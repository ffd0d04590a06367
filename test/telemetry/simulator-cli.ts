/**
 * The traffic simulator from the command line (for `npm run demo` and manual runs):
 *
 *   tsx test/telemetry/simulator-cli.ts [--mesh bookinfo|large] [--seed N] [--port P] [--rps R]
 *       [--error WORKLOAD=RATIO]… [--latency WORKLOAD=MEDIAN/P99]… [--mtls on|off]
 *       [--openmetrics FILE [--minutes M] [--step S]] [--prometheus] [--parent-pid PID]
 *
 * Serves the mesh's Istio metrics on http://127.0.0.1:P/metrics and prints `ready <url>`; with
 * `--openmetrics` it writes M minutes (default 10) of samples every S seconds (default 5) ending now
 * for `promtool tsdb create-blocks-from openmetrics`, prints `wrote <lines> samples to <file>` and exits.
 * With `--prometheus` (the demo) it also backfills the last M minutes into a Prometheus of its own on a
 * free loopback port that then scrapes the live endpoint every 5 s (the live counters continue the
 * backfilled ones), and prints `ready <metrics url> prometheus <prometheus url>`: rates are right at once.
 * With `--parent-pid` it exits (stopping its Prometheus) when that process is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prometheusMissing, startPrometheus, type PrometheusProcess } from './prometheus-harness';
import {
  bookinfoTopology,
  largeTopology,
  startMetricsServer,
  topologySeries,
  writeOpenMetrics,
} from './simulator';
import type { SimTopology } from './simulator';

const { values } = parseArgs({
  options: {
    mesh: { type: 'string', default: 'bookinfo' },
    seed: { type: 'string', default: '1' },
    port: { type: 'string', default: '0' },
    rps: { type: 'string' },
    error: { type: 'string', multiple: true, default: [] },
    latency: { type: 'string', multiple: true, default: [] },
    mtls: { type: 'string', default: 'on' },
    openmetrics: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    step: { type: 'string', default: '5' },
    prometheus: { type: 'boolean', default: false },
    'parent-pid': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`simulator: ${message}`);
  process.exit(2);
}

const pairs = (list: string[], what: string) =>
  list.map((p) => {
    const [name, value] = p.split('=');
    if (!name || value === undefined) fail(`--${what} takes WORKLOAD=VALUE, not "${p}"`);
    return [name, value] as const;
  });

function topology(): SimTopology {
  const mtls = values.mtls !== 'off';
  const t =
    values.mesh === 'large'
      ? largeTopology({ seed: Number(values.seed), mtls })
      : values.mesh === 'bookinfo'
        ? bookinfoTopology({ rps: values.rps ? Number(values.rps) : undefined, mtls })
        : fail(`unknown mesh "${values.mesh}" (bookinfo or large)`);
  const byName = new Map(t.workloads.map((w) => [w.name, w]));
  const workload = (name: string) => byName.get(name) ?? fail(`no workload "${name}" in ${t.name}`);
  for (const [name, ratio] of pairs(values.error, 'error')) workload(name).errorRatio = Number(ratio);
  for (const [name, spec] of pairs(values.latency, 'latency')) {
    const [medianMs, p99Ms] = spec.split('/').map(Number);
    if (!(medianMs! > 0 && p99Ms! >= medianMs!))
      fail(`--latency takes WORKLOAD=MEDIAN/P99 in ms, not "${spec}"`);
    workload(name).latency = { medianMs: medianMs!, p99Ms: p99Ms! };
  }
  return t;
}

async function main(): Promise<void> {
  const t = topology();
  if (values.openmetrics) {
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    const startMs = endMs - Number(values.minutes) * 60_000;
    const lines = await writeOpenMetrics(
      topologySeries(t),
      { startMs, endMs, stepS: Number(values.step) },
      values.openmetrics,
    );
    console.log(`wrote ${lines} samples to ${values.openmetrics}`);
    return;
  }
  const startMs = Math.floor(Date.now() / 1000) * 1000 - Number(values.minutes) * 60_000;
  const server = await startMetricsServer(t, Number(values.port), startMs);
  let prometheus: PrometheusProcess | undefined;
  const stop = () =>
    void Promise.all([server.stop(), prometheus?.dispose()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const parent = values['parent-pid'] ? Number(values['parent-pid']) : undefined;
  if (parent)
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        stop();
      }
    }, 500);
  if (values.prometheus) prometheus = await startDemoPrometheus(t, server.port, startMs);
  console.log(`ready ${server.url}${prometheus ? ` prometheus ${prometheus.url}` : ''}`);
}

/** Backfills from `startMs` to now, then starts Prometheus scraping the live endpoint. */
async function startDemoPrometheus(
  t: SimTopology,
  port: number,
  startMs: number,
): Promise<PrometheusProcess> {
  const missing = prometheusMissing();
  if (missing) fail(missing);
  const dir = mkdtempSync(join(tmpdir(), 'meshwright-demo-'));
  const file = join(dir, 'backfill.om');
  try {
    // up to the last whole step before now: the first scrape follows within 5 s
    // with the labels the scrape adds, so backfilled and scraped samples are the same series
    const target = { job: 'simulator', instance: `127.0.0.1:${port}` };
    const series = topologySeries(t).map((s) => ({ ...s, labels: { ...s.labels, ...target } }));
    await writeOpenMetrics(series, { startMs, endMs: Date.now() - 1000, stepS: 5 }, file);
    return await startPrometheus({
      openMetrics: file,
      scrapeTargets: [`127.0.0.1:${port}`],
      scrapeIntervalS: 5,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
