/**
 * One churn phase against one observer: runs the churn (in its own process), waits for the observer to
 * show the last changes, and measures this process's CPU time (the observer's), the server's read
 * requests and the bytes on the observer's connection.
 */
import { ChangeTracker } from './change-tracker';
import type { ChurnProcess } from './churn-process';
import type { CountingProxy } from './counting-proxy';
import type { EmulatorProcess, EmulatorState } from './emulator-process';
import { cpuStopwatch, sleep } from './process-metrics';
import { spread, type ChurnFigures } from './report';

const READS = ['list', 'watch', 'get', 'discovery'];
const reads = (s: EmulatorState) => READS.reduce((n, k) => n + (s.traffic.requests[k] ?? 0), 0);

export interface PhaseOptions {
  churn: ChurnProcess;
  /** names the objects this phase creates */
  tag: string;
  /** the observer reports its refreshes here */
  tracker: ChangeTracker;
  emulator: EmulatorProcess;
  /** the observer's connection to the emulator */
  proxy: CountingProxy;
  durationMs: number;
  /** how long to wait after the churn for the observer to catch up */
  drainMs: number;
}

export async function runChurnPhase(o: PhaseOptions): Promise<ChurnFigures> {
  await o.churn.prepare(o.tag);
  const before = await o.emulator.state();
  const bytesBefore = o.proxy.counts();
  const cpu = cpuStopwatch();
  const summary = await o.churn.run(o.durationMs, (r) => o.tracker.add(r));
  const { cpuMs: processCpuMs, wallMs } = cpu();
  const checkMs = o.tracker.checkMs;
  const cpuMs = processCpuMs - checkMs;
  const after = await o.emulator.state();
  const bytesAfter = o.proxy.counts();
  const drainStart = performance.now();
  while (o.tracker.pendingCount > 0 && performance.now() - drainStart < o.drainMs) await sleep(10);

  const changes = o.tracker.changes();
  const minutes = wallMs / 60_000;
  const byOp: Record<string, number> = {};
  const unobservedByOp: Record<string, number> = {};
  for (const c of changes) {
    byOp[c.op] = (byOp[c.op] ?? 0) + 1;
    if (c.delayMs === undefined) unobservedByOp[c.op] = (unobservedByOp[c.op] ?? 0) + 1;
  }
  const delays = changes.flatMap((c) => (c.delayMs === undefined ? [] : [c.delayMs]));
  return {
    durationS: Math.round(wallMs / 100) / 10,
    changes: changes.length,
    changesByOp: byOp,
    delayMs: spread(delays),
    unobserved: changes.length - delays.length,
    unobservedByOp,
    writeErrors: summary.errors,
    writeMs: spread(summary.writeMs),
    cpuMs: Math.round(cpuMs),
    checkMs: Math.round(checkMs),
    cpuPercentOfOneCore: Math.round((cpuMs / wallMs) * 1000) / 10,
    requestsPerMin: Math.round((reads(after) - reads(before)) / minutes),
    bytesPerMin: Math.round((bytesAfter.down + bytesAfter.up - bytesBefore.down - bytesBefore.up) / minutes),
  };
}
