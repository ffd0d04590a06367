/**
 * RSS and CPU time of a process and all its descendants from /proc (Linux): for a tool like kubetail that
 * runs a shell, one kubectl per pod and a short-lived process per line. CPU counts each live process's
 * own time plus the time of its children already reaped (cutime/cstime), so exited helpers are included.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;
const PAGE = 4096;

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid=4, utime=14, stime=15, cutime=16, cstime=17, rss=24
    const f = (n: number) => Number(fields[n - 3]);
    return { pid, ppid: f(4), cpuTicks: f(14) + f(15) + f(16) + f(17), rssPages: f(24) };
  } catch {
    return undefined;
  }
}

/** RSS (MB) and CPU (ms) of `root` and its descendants now; undefined once root is gone. */
export function processTree(root: number): { rssMb: number; cpuMs: number; processes: number } | undefined {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is Stat => s !== undefined);
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const top = all.find((s) => s.pid === root);
  if (!top) return undefined;
  let rss = 0;
  let ticks = 0;
  let n = 0;
  const stack = [top];
  while (stack.length) {
    const s = stack.pop()!;
    rss += s.rssPages;
    ticks += s.cpuTicks;
    n++;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return {
    rssMb: Math.round((rss * PAGE) / 2 ** 20),
    cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
    processes: n,
  };
}
