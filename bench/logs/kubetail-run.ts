/**
 * The same measurement for Debian's `kubetail` (a bash script running `kubectl logs -f` per pod, with the
 * real kubectl test/emulator/kubectl.ts extracts): its output lines (`[pod] TIMESTAMP line n from …`) are
 * checked like Meshwright's, its process tree's RSS and CPU sampled from /proc. kubetail runs in its own
 * process group, stopped by that group's id (the pid of the process started here).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LogRecord } from '../../client/src/logs/types';
import type { DeliveryCheck } from './delivery-check';
import { processTree } from './process-tree';

export interface KubetailRun {
  peakRssMb: number;
  cpuMs: number;
  peakProcesses: number;
}

const KUBETAIL = '/usr/bin/kubetail';

/** True when kubetail is installed (Debian package `kubetail`). */
export const hasKubetail = (): boolean =>
  spawnSync(KUBETAIL, ['--version'], { stdio: 'ignore' }).status === 0;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]|\x1b\(B/g;

export async function runKubetail(options: {
  kubeconfig: string;
  kubectl: string;
  namespace: string;
  selector: string;
  durationMs: number;
  check: DeliveryCheck;
  /** called once, halfway (e.g. to drop every stream) */
  midway: () => Promise<void>;
}): Promise<KubetailRun> {
  // bash 5.2 turned on patsub_replacement, which makes kubetail 1.6.5 join its per-pod commands with
  // ' ' instead of ' & ' (a syntax error for two pods or more); run it with the old behaviour
  const child = spawn(
    'bash',
    [
      '+O',
      'patsub_replacement',
      KUBETAIL,
      '-l',
      options.selector,
      '-n',
      options.namespace,
      '--since',
      '1h',
      '--timestamps',
      '-k',
      'false',
    ],
    {
      env: { ...process.env, KUBECONFIG: options.kubeconfig, KUBECTL_BIN: options.kubectl, TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true, // its own process group: kubetail's `kill 0` and ours reach only its processes
    },
  );
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (raw) => {
    const m = /^\[(\S+)\] (\S+) (.*?)\s*$/.exec(raw.replace(ANSI, ''));
    if (!m) return;
    const record: LogRecord = {
      stream: { namespace: options.namespace, pod: m[1]!, uid: m[1]!, container: 'app', init: false },
      kind: 'line',
      timestamp: m[2]!,
      text: m[3]!,
      receivedAt: Date.now(),
    };
    options.check.record(record);
  });
  let peakRss = 0;
  let cpuMs = 0;
  let peakProcesses = 0;
  const sample = () => {
    const t = processTree(child.pid!);
    if (!t) return;
    peakRss = Math.max(peakRss, t.rssMb);
    cpuMs = Math.max(cpuMs, t.cpuMs);
    peakProcesses = Math.max(peakProcesses, t.processes);
  };
  const sampler = setInterval(sample, 250);
  await new Promise((r) => setTimeout(r, options.durationMs / 2));
  await options.midway();
  await new Promise((r) => setTimeout(r, options.durationMs / 2));
  sample();
  clearInterval(sampler);
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid!, 'SIGTERM'); // the group this run started
  } catch {
    /* already gone */
  }
  await exited;
  return { peakRssMb: peakRss, cpuMs: Math.round(cpuMs), peakProcesses };
}
