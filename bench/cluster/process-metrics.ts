/** Waiting, memory after a full GC, and CPU time of this process, for the cluster benchmark. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Memory } from './report';

export async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `global.gc` (with --expose-gc), or one obtained through V8 flags when node was started without it. */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = garbageCollector();

/** RSS and heap in MB after a full collection. */
export async function memoryAfterGc(): Promise<Memory> {
  await sleep(50); // let pending callbacks release what they hold
  gc();
  gc();
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external) };
}

/** Starts a CPU stopwatch; the returned function gives the user + system ms and the wall ms since. */
export function cpuStopwatch(): () => { cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const d = process.cpuUsage(cpu);
    return { cpuMs: (d.user + d.system) / 1000, wallMs: performance.now() - wall };
  };
}
