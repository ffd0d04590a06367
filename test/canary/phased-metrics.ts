/**
 * Simulated Istio metrics whose behaviour changes over time (a canary that starts failing mid-run):
 * phases of simulated topologies, written as one OpenMetrics backfill with counters that keep growing
 * across phase boundaries (rate × time spent in each phase), so any PromQL window gives the exact
 * rates and quantiles of the phase(s) it covers.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  COUNTER_OFFSET_S,
  ISTIO_BUCKETS_MS,
  topologySeries,
  type SeriesSpec,
  type SimTopology,
} from '../telemetry/simulator';
import { latencyCdf, latencyMean } from '../telemetry/simulator/latency';

export interface Phase {
  topology: SimTopology;
  /** seconds after the start when the phase ends (the last phase runs to the end) */
  untilS: number;
}

const key = (s: SeriesSpec) =>
  `${s.family}{${Object.entries(s.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}}`;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15));

const TYPES: Record<SeriesSpec['family'], [string, 'counter' | 'histogram']> = {
  istio_requests_total: ['istio_requests', 'counter'],
  istio_request_duration_milliseconds: ['istio_request_duration_milliseconds', 'histogram'],
  istio_tcp_sent_bytes_total: ['istio_tcp_sent_bytes', 'counter'],
  istio_tcp_received_bytes_total: ['istio_tcp_received_bytes', 'counter'],
};

/** Writes the phases from `startMs` for `durationS` seconds every `stepS` to `file` (OpenMetrics). */
export async function writePhasedOpenMetrics(
  phases: readonly Phase[],
  range: { startMs: number; durationS: number; stepS: number },
  file: string,
): Promise<void> {
  // per series: its spec in each phase (undefined: silent in that phase)
  const perPhase = phases.map((p) => new Map(topologySeries(p.topology).map((s) => [key(s), s] as const)));
  const keys = [...new Set(perPhase.flatMap((m) => [...m.keys()]))];
  const bounds = phases.map((p, i) => [
    i === 0 ? 0 : phases[i - 1]!.untilS,
    i === phases.length - 1 ? Infinity : p.untilS,
  ]);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const families = new Map<SeriesSpec['family'], string[]>();
  for (const k of keys) {
    const family = (perPhase.find((m) => m.has(k))!.get(k) as SeriesSpec).family;
    families.set(family, [...(families.get(family) ?? []), k]);
  }
  for (const [family, list] of families) {
    const [name, type] = TYPES[family];
    await write(`# TYPE ${name} ${type}\n`);
    for (const k of list) {
      const specs = perPhase.map((m) => m.get(k));
      const labels = specs.find(Boolean)!.labels;
      const lines: string[] = [];
      for (let t = 0; t <= range.durationS; t += range.stepS) {
        const ts = (range.startMs / 1000 + t).toFixed(3);
        // seconds spent in each phase up to t (the first phase also carries the counter offset)
        const spent = bounds.map(
          ([from, to], i) => Math.max(0, Math.min(t, to!) - from!) + (i === 0 ? COUNTER_OFFSET_S : 0),
        );
        const total = (f: (s: SeriesSpec) => number) =>
          specs.reduce((sum, s, i) => sum + (s ? s.rate * spent[i]! * f(s) : 0), 0);
        if (family !== 'istio_request_duration_milliseconds') {
          lines.push(`${family}${labelText(labels)} ${num(total(() => 1))} ${ts}\n`);
          continue;
        }
        for (const le of ISTIO_BUCKETS_MS) {
          lines.push(
            `${family}_bucket${labelText({ ...labels, le: String(le) })} ${num(total((s) => latencyCdf(s.latency!, le)))} ${ts}\n`,
          );
        }
        lines.push(`${family}_bucket${labelText({ ...labels, le: '+Inf' })} ${num(total(() => 1))} ${ts}\n`);
        lines.push(`${family}_sum${labelText(labels)} ${num(total((s) => latencyMean(s.latency!)))} ${ts}\n`);
        lines.push(`${family}_count${labelText(labels)} ${num(total(() => 1))} ${ts}\n`);
      }
      await write(lines.join(''));
    }
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'finish');
}
