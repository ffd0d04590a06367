/**
 * `npm run bench:logs`: Meshwright's aggregated tail over 100 pods × 200 lines/s for 60 s through the API
 * emulator (a child process), every log stream killed once halfway; Meshwright's tail runs in a process of
 * its own from bundled code (meshwright-process.ts), so the RSS reported is the tail's, not this script's.
 * Reports lines produced vs delivered (lost, doubled), end-to-end delay of live lines (p50/p99, with the
 * lines caught in the kill's reconnect reported apart), RSS and CPU. Before it, when Debian's
 * kubetail is installed, Meshwright and kubetail on a smaller case (first, so Meshwright's RSS there is
 * not the big case's). Writes bench/results/logs-latest.json.
 * Env: LOGS_PODS, LOGS_RATE (lines/s per pod), LOGS_SECONDS scale the main case; LOGS_BUFFER sets the
 * tail's buffer (lines); LOGS_COMPARE=0 skips the comparison. Diagnostics of the Meshwright process:
 * LOGS_NODE_ARGS (e.g. `--trace-gc-nvp`), LOGS_CHILD_STDOUT=1 (its stdout to stderr), LOGS_TRACE_MEMORY=1
 * (memory every 250 ms).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { kubectlPath } from '../../test/emulator/kubectl';
import { DeliveryCheck, judge, killAllStreams, RECONNECT_WINDOW_MS, type Delivery } from './delivery-check';
import { hasKubetail, runKubetail } from './kubetail-run';
import { startLogEmulator } from './log-emulator';
import { runMeshwrightProcess } from './meshwright-process';

const INITIAL_LINES = 10; // the emulator's history per container
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Case {
  pods: number;
  rate: number;
  seconds: number;
}

interface CaseEnv {
  kubeconfig: string;
  emulatorUrl: string;
  admin: (action: string) => Promise<void>;
  durationMs: number;
  /** the delivery check's schedule */
  liveAfterMs: number;
  intervalMs: number;
}

/** An emulator with `pods` pods at `rate`; `measure` runs the tool and judges its delivery. */
async function measureCase<T>(
  c: Case,
  measure: (env: CaseEnv) => Promise<{ run: T; delivery: Delivery }>,
): Promise<{ run: T; delivery: Delivery }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-logs-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const intervalMs = 1000 / c.rate;
  const emu = await startLogEmulator(kubeconfig, intervalMs);
  try {
    await emu.createPods('logbench', c.pods, 'logbench');
    return await measure({
      kubeconfig,
      emulatorUrl: emu.url,
      admin: emu.admin,
      durationMs: c.seconds * 1000,
      liveAfterMs: Date.now() + 5_000,
      intervalMs,
    });
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const meshwright = (c: Case) =>
  measureCase(c, (env) =>
    runMeshwrightProcess({
      ...env,
      namespace: 'logbench',
      selector: 'app=logbench',
      maxStreams: c.pods,
      initialLines: INITIAL_LINES,
      bufferLines: process.env.LOGS_BUFFER ? Number(process.env.LOGS_BUFFER) : undefined,
    }),
  );

const kubetail = (c: Case, kubectl: string) =>
  measureCase(c, async (env) => {
    const check = new DeliveryCheck(env.liveAfterMs, env.intervalMs, INITIAL_LINES);
    const run = await runKubetail({
      ...env,
      check,
      kubectl,
      namespace: 'logbench',
      selector: 'app=logbench',
      midway: async () => void (await killAllStreams(check, env.admin)),
    });
    return { run, delivery: judge(check) };
  });

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
      const kt = await kubetail(small, kubectl);
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
