/**
 * One measured Meshwright tail over the emulator's `logbench` pods: the real client stack (ClusterSession
 * pods cache over client-node, log streams over undici, the full TailSession with formatting, buffer and
 * batched ANSI output to a counting sink). Every stream is killed once halfway. Runs in a process of its
 * own from bundled code (meshwright-child.ts), as the extension runs from dist/, so its RSS is the tail's.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadClientNode } from '../../client/src/cluster/client-node-request';
import { ClusterSession } from '../../client/src/cluster/cluster-session';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { PODS } from '../../client/src/cluster/resource-types';
import { clientNodeLogOpener } from '../../client/src/logs/log-opener';
import { DEFAULT_TAIL_OPTIONS } from '../../client/src/logs/tail-options';
import { TailSession } from '../../client/src/logs/tail-session';
import type { DeliveryCheck } from './delivery-check';

export interface MeshwrightRun {
  rssMb: { baseline: number; peak: number; final: number };
  jsMb: { peakHeapPlusExternal: number; retainedAfterGc: number };
  cpuMs: number;
  wallMs: number;
  reconnects: number;
  firstLineAfterKillMs: number;
  writes: number;
  outputMb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The kernel's high-water mark of this process's RSS (bytes), 0 where /proc is missing. */
function peakRssOfProcess(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** heap + external (MB) after full collections: what the process really retains. */
async function retainedAfterGc(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await sleep(50);
  gc();
  gc();
  const m = process.memoryUsage();
  return mb(m.heapUsed + m.external);
}

export async function runMeshwright(options: {
  kubeconfig: string;
  namespace: string;
  selector: string;
  maxStreams: number;
  durationMs: number;
  /** the tail's buffer (lines); default the setting's default */
  bufferLines?: number;
  check: DeliveryCheck;
  /** called once, halfway (drops every stream); resolves with the time it happened */
  midway: () => Promise<number>;
}): Promise<MeshwrightRun> {
  const loaded = await loadKubeconfig({ setting: options.kubeconfig });
  if (!loaded.ok) throw new Error(loaded.message);
  const session = new ClusterSession({
    kc: loaded.kc,
    context: loaded.context,
    namespace: options.namespace,
  });
  const lease = session.registry.acquire(PODS);
  let bytesOut = 0;
  let writes = 0;
  const tail = new TailSession(
    {
      ...DEFAULT_TAIL_OPTIONS,
      target: { type: 'selector', namespace: options.namespace, selector: options.selector },
      tailLines: undefined, // every line from the first: produced and delivered must match exactly
      timestamps: true,
      maxStreams: options.maxStreams,
      bufferLines: options.bufferLines ?? DEFAULT_TAIL_OPTIONS.bufferLines,
    },
    {
      pods: lease.cache,
      lookup: () => undefined,
      open: clientNodeLogOpener(session.kc),
      write: (text) => {
        bytesOut += text.length;
        writes++;
      },
    },
  );
  let killedAt = Infinity;
  let firstAfterKill = NaN;
  tail.onRecord = (r) => {
    options.check.record(r);
    if (r.kind === 'line' && r.receivedAt > killedAt && Number.isNaN(firstAfterKill)) {
      firstAfterKill = r.receivedAt - killedAt;
    }
  };
  // the client stack (client-node, undici) is loaded before the baseline is taken
  await loadClientNode();
  await import('undici');
  const baseline = process.memoryUsage().rss;
  let peakRss = 0;
  let peakJs = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakJs = Math.max(peakJs, m.heapUsed + m.external);
    if (process.env.LOGS_TRACE_MEMORY)
      console.error(
        `rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`,
      );
  }, 250);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  tail.start();
  await sleep(options.durationMs / 2);
  killedAt = await options.midway();
  await sleep(options.durationMs / 2);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  const final = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, peakRssOfProcess()); // catches peaks between samples
  const reconnects = tail.streams().reduce((n, s) => n + s.reconnects, 0);
  tail.stop();
  lease.release();
  session.dispose();
  return {
    rssMb: { baseline: mb(baseline), peak: mb(peakRss), final: mb(final) },
    jsMb: { peakHeapPlusExternal: mb(peakJs), retainedAfterGc: await retainedAfterGc() },
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    wallMs: Math.round(wallMs),
    reconnects,
    firstLineAfterKillMs: firstAfterKill,
    writes,
    outputMb: mb(bytesOut),
  };
}
