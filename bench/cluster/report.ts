/** The cluster benchmark's result: its JSON shape, the printed table and bench/results/cluster-latest.json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { percentile } from '../lsp/stats';

export interface Spread {
  p50: number;
  p95: number;
  max: number;
  samples: number;
}

export interface Memory {
  rssMb: number;
  heapUsedMb: number;
  /** C++ objects and buffers bound to JS objects (sockets, streams) */
  externalMb: number;
}

export interface ChurnFigures {
  durationS: number;
  changes: number;
  changesByOp: Record<string, number>;
  /** write sent → the explorer's model shows it */
  delayMs: Spread;
  /** changes the model never showed (within the drain time after the churn) */
  unobserved: number;
  unobservedByOp: Record<string, number>;
  writeErrors: number;
  /** HTTP round trips of the churn's writes */
  writeMs: Spread;
  /**
   * CPU time of the benchmark process while churning: the observer (the churn runs in a process of its
   * own), with the counting proxy's relaying, minus {@link checkMs}
   */
  cpuMs: number;
  /** time the benchmark spent checking the observer's model for the changes (not counted above) */
  checkMs: number;
  cpuPercentOfOneCore: number;
  /** read requests (list, watch, get, discovery) the server answered, per minute */
  requestsPerMin: number;
  /** bytes through the observer's connection (both ways, headers included), per minute */
  bytesPerMin: number;
}

export interface ClusterBenchResult {
  date: string;
  machine: { cpus: number; node: string };
  cluster: { namespaces: number; pods: number; services: number; collections: number };
  startup: {
    /** session.start() → a tree with every pod and service */
    completeTreeMs: number;
    /** session.start() → every type, Istio kinds included, listed */
    allTypesSyncedMs: number;
    buildTreeMs: Spread;
  };
  watches: {
    /** collection → most watch streams open at once while the client ran */
    peakPerCollection: Record<string, number>;
    maxPerCollection: number;
    openAfterSync: number;
    secondConsumer: { openWatches: number; newLists: number; newWatches: number; refCount: number };
  };
  /** rebuilds of the LiveTree while churning: count, duration of buildTree each, and summed */
  live: ChurnFigures & { rebuilds: number; rebuildMs: Spread; rebuildTotalMs: number };
  memory: { baseline: Memory; afterSync: Memory; afterChurn: Memory };
  modelEqualsCluster: { equal: boolean; firstDifference?: string };
  peer: ChurnFigures & { intervalMs: number; polls: number; pollMs: Spread; buildMs: Spread };
  /** peer ÷ ours (null when ours is 0) */
  ratios: Record<'requestsPerMin' | 'bytesPerMin' | 'delayP50' | 'delayP95' | 'cpu', number | null>;
  failures: string[];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function spread(samples: readonly number[]): Spread {
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
    samples: samples.length,
  };
}

export const ratio = (peer: number, ours: number): number | null => (ours > 0 ? round(peer / ours, 1) : null);

const ms = (s: Spread) => `p50 ${s.p50} · p95 ${s.p95} · max ${s.max} ms`;
const mem = (m: Memory) => `RSS ${m.rssMb} MB · heap ${m.heapUsedMb} MB · external ${m.externalMb} MB`;
const num = (n: number) => Math.round(n).toLocaleString('en-US');
const times = (r: number | null, oursZero: string) => (r === null ? oursZero : `${r}×`);

const unobserved = (f: ChurnFigures) =>
  f.unobserved
    ? `${f.unobserved} (${Object.entries(f.unobservedByOp)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')})`
    : '0';

export function printReport(r: ClusterBenchResult): void {
  const { live, peer } = r;
  const rows: [string, string, string, string][] = [
    [
      'cluster',
      `${r.cluster.pods} pods, ${r.cluster.services} services, ${r.cluster.namespaces} namespaces`,
      '',
      '',
    ],
    ['collections watched', String(r.cluster.collections), '', ''],
    ['startup: complete tree', `${r.startup.completeTreeMs} ms`, '', ''],
    ['startup: all types synced', `${r.startup.allTypesSyncedMs} ms`, '', ''],
    ['buildTree (full snapshot)', ms(r.startup.buildTreeMs), `${r.peer.buildMs.p50} ms`, ''],
    [
      'watches per collection (peak)',
      `≤ ${r.watches.maxPerCollection} (${r.watches.openAfterSync} open after sync)`,
      '0 (polls)',
      '',
    ],
    [
      '+ second consumer',
      `${r.watches.secondConsumer.openWatches} open, +${r.watches.secondConsumer.newLists} lists, ` +
        `+${r.watches.secondConsumer.newWatches} watches, ${r.watches.secondConsumer.refCount} leases`,
      '',
      '',
    ],
    [
      'churn',
      `${live.changes} changes in ${live.durationS} s`,
      `${peer.changes} changes in ${peer.durationS} s`,
      '',
    ],
    ['change → model', ms(live.delayMs), ms(peer.delayMs), `p50 ${times(r.ratios.delayP50, '—')}`],
    ['unobserved changes', unobserved(live), unobserved(peer), ''],
    [
      'rebuilds / polls',
      `${live.rebuilds} (${ms(live.rebuildMs)}; ${num(live.rebuildTotalMs)} ms in all)`,
      `${peer.polls} (${ms(peer.pollMs)})`,
      '',
    ],
    [
      'read requests / min',
      num(live.requestsPerMin),
      num(peer.requestsPerMin),
      times(r.ratios.requestsPerMin, 'ours 0'),
    ],
    [
      'bytes / min',
      `${num(live.bytesPerMin / 1024)} KiB`,
      `${num(peer.bytesPerMin / 1024)} KiB`,
      times(r.ratios.bytesPerMin, 'ours 0'),
    ],
    [
      'client CPU while churning',
      `${num(live.cpuMs)} ms (${live.cpuPercentOfOneCore}% of a core)`,
      `${num(peer.cpuMs)} ms (${peer.cpuPercentOfOneCore}% of a core)`,
      times(r.ratios.cpu, '—'),
    ],
    ['memory: baseline', mem(r.memory.baseline), '', ''],
    ['memory: after sync', mem(r.memory.afterSync), '', ''],
    ['memory: after churn', mem(r.memory.afterChurn), '', ''],
    [
      'model equals cluster',
      r.modelEqualsCluster.equal ? 'yes' : `no (${r.modelEqualsCluster.firstDifference})`,
      '',
      '',
    ],
  ];
  console.log(
    `| measure | watch caches (ours) | poll every ${peer.intervalMs / 1000} s (peer) | peer ÷ ours |`,
  );
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (r.failures.length) console.log(`\nFAILED:\n${r.failures.map((f) => `- ${f}`).join('\n')}`);
}

export function writeResult(r: ClusterBenchResult): string {
  const out = path.resolve(__dirname, '../results/cluster-latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(r, null, 2) + '\n');
  return out;
}
