/**
 * `npm run bench:logs`: Meshwright's aggregated tail over 100 pods × 200 lines/s for 60 s through the API
 * emulator (in a child process, so this process measures the client alone), every log stream killed once
 * halfway. Reports lines produced vs delivered (lost, doubled), end-to-end delay of live lines (p50/p99,
 * with the lines caught in the kill's reconnect reported apart), RSS and CPU. Before it, when Debian's
 * kubetail is installed, Meshwright and kubetail on a smaller case (first, so Meshwright's RSS there is
 * not the big case's). Writes bench/results/logs-latest.json.
 * Env: LOGS_PODS, LOGS_RATE (lines/s per pod), LOGS_SECONDS scale the main case; LOGS_BUFFER sets the
 * tail's buffer (lines); LOGS_COMPARE=0 skips
 * the comparison.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { kubectlPath } from '../../test/emulator/kubectl';
import { DeliveryCheck, type Verdict } from './delivery-check';
import { hasKubetail, runKubetail } from './kubetail-run';
import { startLogEmulator } from './log-emulator';
import { runMeshwright } from './meshwright-run';

const INITIAL_LINES = 10; // the emulator's history per container
/** lines produced from 1 s before to this long after the kill wait for a paced reconnect (reported apart) */
const RECONNECT_WINDOW_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Case {
  pods: number;
  rate: number;
  seconds: number;
}

interface Delivery extends Verdict {
  streams: number;
  delayMs: { p50: number; p99: number; max: number };
  delayAroundKillMs: { p50: number; p99: number; max: number };
}

/** An emulator with `pods` pods at `rate`; `measure` runs the tool, then the delivery is judged. */
async function measureCase<T>(
  c: Case,
  measure: (env: {
    kubeconfig: string;
    check: DeliveryCheck;
    durationMs: number;
    midway: () => Promise<number>;
  }) => Promise<T>,
): Promise<{ run: T; delivery: Delivery }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-logs-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const interval = 1000 / c.rate;
  const emu = await startLogEmulator(kubeconfig, interval);
  try {
    await emu.createPods('logbench', c.pods, 'logbench');
    const check = new DeliveryCheck(Date.now() + 5_000, interval, INITIAL_LINES);
    const durationMs = c.seconds * 1000;
    const run = await measure({
      kubeconfig,
      check,
      durationMs,
      midway: async () => {
        await emu.admin('drop-watches'); // ends every log stream (and watch) at once
        const at = Date.now();
        check.excludeFrom(at - 1000, at + RECONNECT_WINDOW_MS);
        return at;
      },
    });
    const cutoff = Date.now() - 2000; // lines due by then have had 2 s to arrive
    const v = check.verdict(cutoff);
    return {
      run,
      delivery: {
        ...v,
        streams: check.streams.size,
        delayMs: { p50: check.percentile(50), p99: check.percentile(99), max: check.maxDelay },
        delayAroundKillMs: {
          p50: check.percentile(50, true),
          p99: check.percentile(99, true),
          max: check.maxDelayExcluded,
        },
      },
    };
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const meshwright = (c: Case) =>
  measureCase(c, (env) =>
    runMeshwright({ ...env, namespace: 'logbench', selector: 'app=logbench', maxStreams: c.pods }),
  );

function table(rows: [string, string][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}

const deliveryRows = (d: Delivery): [string, string][] => [
  ['streams with lines', String(d.streams)],
  ['lines produced (to cutoff)', String(d.produced)],
  ['lines delivered (distinct)', String(d.delivered)],
  ['lost / doubled', `${d.lost} / ${d.doubled}`],
  ['delay p50 / p99 / max (ms)', `${d.delayMs.p50} / ${d.delayMs.p99} / ${d.delayMs.max}`],
  [
    `  lines due −1 s…+${RECONNECT_WINDOW_MS / 1000} s around the kill`,
    `${d.delayAroundKillMs.p50} / ${d.delayAroundKillMs.p99} / ${d.delayAroundKillMs.max}`,
  ],
];

async function main(): Promise<void> {
  const main: Case = {
    pods: Number(process.env.LOGS_PODS ?? 100),
    rate: Number(process.env.LOGS_RATE ?? 200),
    seconds: Number(process.env.LOGS_SECONDS ?? 60),
  };
  let comparison: unknown = { skipped: 'LOGS_COMPARE=0' };
  const kubectl = process.env.LOGS_COMPARE === '0' ? undefined : kubectlPath();
  if (process.env.LOGS_COMPARE !== '0') {
    if (!hasKubetail() || !kubectl) {
      comparison = {
        skipped: !kubectl
          ? 'no kubectl (unzip missing?)'
          : 'kubetail not installed (apt-get install kubetail)',
      };
      console.log(`\nkubetail comparison skipped: ${(comparison as { skipped: string }).skipped}`);
    } else {
      const small: Case = { pods: 10, rate: 20, seconds: 20 };
      console.log(
        `Meshwright vs kubetail: ${small.pods} pods × ${small.rate} lines/s × ${small.seconds} s, all streams killed halfway`,
      );
      const mw = await meshwright(small);
      await sleep(500);
      const kt = await measureCase(small, (env) =>
        runKubetail({
          ...env,
          kubectl,
          namespace: 'logbench',
          selector: 'app=logbench',
          midway: async () => void (await env.midway()),
        }),
      );
      const both = (f: (d: Delivery) => string): string => `${f(mw.delivery).padEnd(18)} ${f(kt.delivery)}`;
      table([
        ['', `${'Meshwright'.padEnd(18)} kubetail`],
        ['lines produced', both((d) => String(d.produced))],
        ['lines delivered', both((d) => String(d.delivered))],
        ['lost / doubled', both((d) => `${d.lost} / ${d.doubled}`)],
        ['delay p50 / p99 (ms)', both((d) => `${d.delayMs.p50} / ${d.delayMs.p99}`)],
        [
          'RSS peak (MB)',
          `${`${mw.run.rssMb.peak} (+${mw.run.rssMb.peak - mw.run.rssMb.baseline})`.padEnd(18)} ${kt.run.peakRssMb} (${kt.run.peakProcesses} processes)`,
        ],
        ['CPU (ms)', `${String(mw.run.cpuMs).padEnd(18)} ${kt.run.cpuMs}`],
      ]);
      comparison = { case: small, meshwright: mw, kubetail: kt };
    }
  }

  console.log(
    `\nMeshwright: ${main.pods} pods × ${main.rate} lines/s × ${main.seconds} s, all streams killed halfway`,
  );
  const m = await meshwright(main);
  table([
    ...deliveryRows(m.delivery),
    ['reconnects after the kill', `${m.run.reconnects}, first line after ${m.run.firstLineAfterKillMs} ms`],
    [
      'RSS baseline / peak / final (MB)',
      `${m.run.rssMb.baseline} / ${m.run.rssMb.peak} / ${m.run.rssMb.final} (target < 200)`,
    ],
    [
      'JS heap+external peak / after GC (MB)',
      `${m.run.jsMb.peakHeapPlusExternal} / ${m.run.jsMb.retainedAfterGc}`,
    ],
    ['CPU', `${m.run.cpuMs} ms (${Math.round((m.run.cpuMs / m.run.wallMs) * 100)}% of one core)`],
    ['terminal output', `${m.run.writes} batched writes, ${m.run.outputMb} MB`],
  ]);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    case: main,
    meshwright: m,
    comparison,
  };
  const out = path.resolve(__dirname, '../results/logs-latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  if (m.delivery.lost !== 0 || m.delivery.doubled !== 0 || m.delivery.streams !== main.pods)
    process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
