/**
 * Results out: a Markdown table (metric × corpus size, both servers, ratio, target, pass/fail) for
 * stdout, and the JSON summary committed as bench/results/lsp-latest.json. Targets are reported,
 * never turned into an exit code: only real failures (crash, timeout) fail the run.
 */
import * as os from 'node:os';
import type { BuildInfo } from './build-info';
import type { SessionResult } from './measure';
import type { BenchServer } from './servers';

export interface SizeResult {
  targetLines: number;
  lines: number;
  resources: number;
  seededMistakes: number;
  edits: number;
  opens: number;
  meshwright: SessionResult;
  yamlls: SessionResult;
}

export interface Summary {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    platform: string;
    node: string;
    /** 1-minute load average when the run started and when it ended. */
    loadAverage: { start: number; end: number };
    /** Share of all CPU time during the run used by processes other than the benchmark's. */
    otherCpuShare: number;
  };
  settings: {
    seed: number;
    opens: number;
    edits: number;
    completionProbes: number;
    hoverProbes: number;
    timeoutMs: number;
  };
  /** The meshwright bundle measured. */
  build: BuildInfo;
  debounce: Record<BenchServer['id'], BenchServer['debounce']>;
  sizes: SizeResult[];
  targets: TargetCheck[];
  durationS: number;
}

export interface TargetCheck {
  lines: number;
  target: string;
  value: string;
  pass: boolean;
}

export const TARGET_SPEEDUP = 5;
export const TARGET_P95_MS = 5;
export const TARGET_FIRST_DIAGNOSTICS_MS = 1000;
const FIRST_DIAGNOSTICS_BUDGET_LINES = 50_000;

export function machineInfo(loadAtStart: number, otherCpuShare: number): Summary['machine'] {
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage: { start: round2(loadAtStart), end: round2(os.loadavg()[0]!) },
    otherCpuShare,
  };
}

interface Row {
  metric: string;
  lines: number;
  meshwright: string;
  yamlls: string;
  ratio: string;
  target: string;
  pass: string;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const speedup = (ours: number, theirs: number) => (ours > 0 ? theirs / ours : Number.POSITIVE_INFINITY);
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}x` : '∞');
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

/** Builds the table rows and the target checks from the measured sizes. */
export function evaluate(
  sizes: SizeResult[],
  debounce: Summary['debounce'],
): { rows: Row[]; targets: TargetCheck[] } {
  const rows: Row[] = [];
  const targets: TargetCheck[] = [];
  const check = (lines: number, target: string, value: string, pass: boolean) => {
    targets.push({ lines, target, value, pass });
    return pass;
  };
  for (const size of sizes) {
    const { meshwright: m, yamlls: y, lines } = size;
    const timing = (metric: string, ours: number, theirs: number, extra?: { budgetMs: number }) => {
      const x = speedup(ours, theirs);
      const verdicts = [
        `${TARGET_SPEEDUP}x: ${verdict(check(lines, `${metric} >= ${TARGET_SPEEDUP}x faster`, times(x), x >= TARGET_SPEEDUP))}`,
      ];
      let target = `>= ${TARGET_SPEEDUP}x`;
      if (extra) {
        target += `, < ${extra.budgetMs} ms`;
        const ok = check(lines, `${metric} < ${extra.budgetMs} ms`, `${ms(ours)} ms`, ours < extra.budgetMs);
        verdicts.push(`< ${extra.budgetMs / 1000} s: ${verdict(ok)}`);
      }
      rows.push({
        metric,
        lines,
        meshwright: ms(ours),
        yamlls: ms(theirs),
        ratio: times(x),
        target,
        pass: verdicts.join(', '),
      });
    };
    const latency = (metric: string, ours: number, theirs: number, budget?: number) => {
      const ok =
        budget === undefined
          ? undefined
          : check(lines, `${metric} <= ${budget} ms`, `${ms(ours)} ms`, ours <= budget);
      rows.push({
        metric,
        lines,
        meshwright: ms(ours),
        yamlls: ms(theirs),
        ratio: times(speedup(ours, theirs)),
        target: budget === undefined ? '' : `<= ${budget} ms`,
        pass: ok === undefined ? '' : verdict(ok),
      });
    };
    const info = (metric: string, ours: string, theirs: string, ratio = '') =>
      rows.push({ metric, lines, meshwright: ours, yamlls: theirs, ratio, target: '', pass: '' });
    /** A "work, est." row: the latency minus the server's debounce, when the debounce is known. */
    const work = (
      metric: string,
      ours: number,
      oursDelay: number | null,
      theirs: number,
      theirsDelay: number | null,
    ) => {
      if (oursDelay === null || theirsDelay === null) info(metric, 'n/a', 'n/a', 'debounce unknown');
      else timing(metric, Math.max(0, ours - oursDelay), Math.max(0, theirs - theirsDelay));
    };

    timing(
      `didOpen → first diagnostics, median of ${size.opens} (ms)`,
      m.openMedianMs,
      y.openMedianMs,
      size.targetLines >= FIRST_DIAGNOSTICS_BUDGET_LINES
        ? { budgetMs: TARGET_FIRST_DIAGNOSTICS_MS }
        : undefined,
    );
    work(
      'full validation work, est. (ms)',
      m.openMedianMs,
      debounce.meshwright.openMs,
      y.openMedianMs,
      debounce.yamlls.openMs,
    );
    latency(
      `didOpen → diagnostics complete, median of ${size.opens} (ms)`,
      m.openCompleteMedianMs,
      y.openCompleteMedianMs,
    );
    timing(
      `didChange → diagnostics, median of ${size.edits} (ms)`,
      m.revalidationMedianMs,
      y.revalidationMedianMs,
    );
    work(
      're-validation work, est. (ms)',
      m.revalidationMedianMs,
      debounce.meshwright.changeMs,
      y.revalidationMedianMs,
      debounce.yamlls.changeMs,
    );
    latency('completion p50 (ms)', m.completion.p50, y.completion.p50);
    latency('completion p95 (ms)', m.completion.p95, y.completion.p95, TARGET_P95_MS);
    latency('hover p50 (ms)', m.hover.p50, y.hover.p50);
    latency('hover p95 (ms)', m.hover.p95, y.hover.p95, TARGET_P95_MS);
    info('peak RSS (MB)', m.peakRssMb.toFixed(0), y.peakRssMb.toFixed(0), times(y.peakRssMb / m.peakRssMb));
    info(
      'diagnostics (first publish / complete)',
      `${m.firstPublishDiagnostics} / ${m.diagnostics}`,
      `${y.firstPublishDiagnostics} / ${y.diagnostics}`,
    );
    info(
      'seeded mistakes reported',
      `${m.mistakesFound}/${size.seededMistakes}`,
      `${y.mistakesFound}/${size.seededMistakes}`,
    );
    info(
      'completion non-empty',
      `${m.completion.nonEmpty}/${m.completion.n}`,
      `${y.completion.nonEmpty}/${y.completion.n}`,
    );
    info('hover non-empty', `${m.hover.nonEmpty}/${m.hover.n}`, `${y.hover.nonEmpty}/${y.hover.n}`);
  }
  // One block per metric, sizes ascending inside it: easier to read than one block per size.
  const order = [...new Set(rows.map((r) => r.metric))];
  rows.sort((a, b) => order.indexOf(a.metric) - order.indexOf(b.metric) || a.lines - b.lines);
  return { rows, targets };
}

export function markdownTable(rows: Row[]): string {
  const header = [
    'Metric',
    'Lines',
    'meshwright',
    'yaml-language-server',
    'ratio (yls / mw)',
    'Target',
    'Pass',
  ];
  const body = rows.map((r) => [
    r.metric,
    r.lines.toLocaleString('en-US'),
    r.meshwright,
    r.yamlls,
    r.ratio,
    r.target,
    r.pass,
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** Context a reader needs to trust the table: how the two debounce delays enter the numbers. */
export function notes(summary: Summary): string {
  const d = summary.debounce;
  const lines = [
    '',
    `Machine: ${summary.machine.cpus} CPUs (${summary.machine.cpuModel}), Node ${summary.machine.node}, ${summary.date}.`,
    `Latencies are wall-clock on the client, one request or validation in flight at a time. ratio = yaml-language-server / meshwright (> 1: meshwright is faster or smaller).`,
    `Debounce (read from the code that ran): meshwright publishes schema diagnostics on didOpen at once and re-checks ${d.meshwright.changeMs ?? '?'} ms after an edit ` +
      `(its mesh analysis after an open also waits that long: see "diagnostics complete"); ` +
      `yaml-language-server waits ${d.yamlls.openMs ?? '?'} ms after didOpen and after every didChange, then validates the whole file.`,
    `The didOpen/didChange rows include those delays; the "work, est." rows subtract only them (nothing else) and are estimates.`,
    `"diagnostics complete": didOpen → the last publish before the server stayed quiet for its debounce + 300 ms (for a one-step server, the first publish).`,
  ];
  const { build } = summary;
  lines.push(`meshwright build: ${build.file} sha256 ${build.sha256}, built ${build.modified}.`);
  if (build.newerSources.length) {
    lines.push(
      `Warning: ${build.newerSourceCount} file(s) under server/src changed after that build (${build.newerSources.join(', ')}` +
        `${build.newerSourceCount > build.newerSources.length ? ', …' : ''}): run \`npm run build\` to measure the current code.`,
    );
  }
  if (build.changedDuringRun) {
    lines.push(
      'Warning: dist/server.js was rebuilt during the run, so sessions measured different builds: rerun.',
    );
  }
  const other = summary.machine.otherCpuShare;
  lines.push(`Other processes used ${(other * 100).toFixed(0)}% of the machine's CPU time during the run.`);
  if (other > 0.1)
    lines.push('Warning: that is enough to slow both servers noticeably; rerun on a quiet machine.');
  const last = summary.sizes[summary.sizes.length - 1];
  if (last) {
    for (const r of [last.meshwright, last.yamlls]) {
      lines.push(`${r.server} ${r.version}: diagnostics from ${r.sources.map((s) => `'${s}'`).join(', ')}`);
    }
  }
  for (const size of summary.sizes) {
    for (const r of [size.meshwright, size.yamlls]) {
      if (r.missedMistakes.length)
        lines.push(`${r.server} @ ${size.lines} lines missed: ${r.missedMistakes.join('; ')}`);
      if (r.otherSamples.length && size === last) {
        lines.push(
          `${r.server} @ ${size.lines} lines: ${r.otherDiagnostics} diagnostic(s) away from seeded mistakes, e.g. ${r.otherSamples.slice(0, 3).join(' | ')}`,
        );
      }
      if (r.anomalies.length) lines.push(`${r.server} @ ${size.lines} lines: ${r.anomalies.join('; ')}`);
      if (r.serverLog.length)
        lines.push(`${r.server} @ ${size.lines} lines logged: ${r.serverLog.slice(0, 3).join(' | ')}`);
    }
  }
  return lines.join('\n');
}
