/**
 * Pod logs: container, previous, tailLines, since, timestamps, limitBytes, and follow from the scripted
 * generators.
 */
import { Logs, rfc3339Nano } from './logs';
import { fail } from './status';
import type { KObject } from './store';
import { truthy, type EmulatorState, type Req, type Res, type Route } from './http-util';

export function handleLog(state: EmulatorState, req: Req, res: Res, r: Route, q: URLSearchParams): void {
  const { store, faults, logs } = state;
  const pod = store.get(r.type, r.namespace, r.name!) as KObject & {
    spec?: { containers?: { name: string }[] };
  };
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const container = q.get('container') || containers[0];
  if (!container || !containers.includes(container)) {
    fail(400, `container ${container ?? '""'} is not valid for pod ${r.name}`);
  }
  const previous = truthy(q.get('previous'));
  const src = previous
    ? logs.previousSource(r.namespace!, r.name!, container)
    : logs.source(r.namespace!, r.name!, container);
  if (!src) fail(400, `previous terminated container "${container}" in pod "${r.name}" not found`);
  const now = Date.now();
  const total = Logs.linesAt(src, now);
  let first = 1;
  const tail = q.get('tailLines');
  if (tail !== null) first = Math.max(1, total - Number(tail) + 1);
  let since: number | undefined;
  if (q.get('sinceSeconds')) since = now - Number(q.get('sinceSeconds')) * 1000;
  if (q.get('sinceTime')) since = Date.parse(q.get('sinceTime')!);
  const timestamps = truthy(q.get('timestamps'));
  let budget = q.get('limitBytes') ? Number(q.get('limitBytes')) : Infinity;
  const follow = truthy(q.get('follow')) && src.end === undefined; // a terminated instance's log ends
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache',
  });
  res.flushHeaders();
  const format = (n: number) => {
    const line = src.generate(n);
    return (timestamps ? `${rfc3339Nano(Logs.timeOf(src, n))} ` : '') + line + '\n';
  };
  let stopped = false;
  const emit = (n: number) => {
    if (since !== undefined && Logs.timeOf(src, n) < since) return;
    let text = format(n);
    if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString('utf8');
    budget -= Buffer.byteLength(text);
    res.write(text);
    if (budget <= 0) stopped = true;
  };
  for (let n = first; n <= total && !stopped; n++) emit(n);
  if (!follow || stopped) return void res.end();
  let next = total + 1;
  let timer: NodeJS.Timeout | undefined;
  let untrack = () => {};
  const end = () => {
    clearTimeout(timer);
    untrack();
    if (!res.writableEnded) res.end();
  };
  const pump = () => {
    const upTo = Logs.linesAt(src, Date.now());
    while (next <= upTo && !stopped) emit(next++);
    if (stopped) return end();
    timer = setTimeout(pump, Math.max(5, Logs.timeOf(src, next) - Date.now()));
  };
  untrack = faults.track(end);
  req.on('close', end);
  res.on('close', end);
  pump();
}
