/**
 * How much of the machine's CPU went to processes other than this benchmark and its servers while it
 * ran. On a shared 2-core machine a concurrent build can slow both servers several times over; a load
 * average cannot tell that apart from our own work, /proc/stat minus our own CPU time can.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

// USER_HZ: the unit of /proc/stat and /proc/<pid>/stat on Linux (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  at: number;
  /** Busy ticks of all CPUs, steal included (time the hypervisor gave to someone else). */
  busy: number;
  /** Ticks used by this process and its reaped children (the servers, once they exited). */
  own: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  // Fields after the `(comm)`: utime, stime, cutime, cstime are the 12th to 15th of them.
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  const rest = self
    .slice(self.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const own = rest.slice(11, 15).reduce((a, b) => a + b, 0);
  return { at: performance.now(), busy: user + nice + system + irq + softirq + steal, own };
}

/** Share (0..1) of all CPU time between the snapshots that was used by other processes. */
export function foreignCpuShare(start: CpuSnapshot, end: CpuSnapshot): number {
  const available = ((end.at - start.at) / 1000) * TICKS_PER_SECOND * os.cpus().length;
  if (available <= 0) return 0;
  const foreign = end.busy - start.busy - (end.own - start.own);
  return Math.max(0, Math.round((foreign / available) * 1000) / 1000);
}
