/**
 * Writing simulated series: the Prometheus text format for a live `/metrics` scrape, and OpenMetrics
 * with timestamps for `promtool tsdb create-blocks-from openmetrics` (backfill: exact data without
 * waiting for scrapes).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { samplesAt, type Family, type SeriesSpec } from './series';

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15));

/** OpenMetrics family name and type (counters drop `_total` in the TYPE line). */
const FAMILY_TYPES: Record<Family, [string, 'counter' | 'histogram']> = {
  istio_requests_total: ['istio_requests', 'counter'],
  istio_request_duration_milliseconds: ['istio_request_duration_milliseconds', 'histogram'],
  istio_tcp_sent_bytes_total: ['istio_tcp_sent_bytes', 'counter'],
  istio_tcp_received_bytes_total: ['istio_tcp_received_bytes', 'counter'],
};

const byFamily = (series: readonly SeriesSpec[]) => {
  const m = new Map<Family, SeriesSpec[]>();
  for (const s of series) m.set(s.family, [...(m.get(s.family) ?? []), s]);
  return m;
};

/** The text exposition format (version 0.0.4) of all series `elapsedS` after the start. */
export function prometheusText(series: readonly SeriesSpec[], elapsedS: number): string {
  const lines: string[] = [];
  for (const [family, list] of byFamily(series)) {
    lines.push(`# TYPE ${family} ${FAMILY_TYPES[family][1]}`);
    for (const s of list)
      for (const sample of samplesAt(s, elapsedS))
        lines.push(`${sample.name}${labelText(sample.labels)} ${num(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface BackfillRange {
  /** ms since epoch of the first sample (the simulation's start) */
  startMs: number;
  /** ms since epoch of the last sample */
  endMs: number;
  /** seconds between samples (a scrape interval) */
  stepS: number;
}

/**
 * Writes OpenMetrics with timestamps over the range to `file`: families contiguous, each series' points
 * in time order, `# EOF` at the end. Resolves with the number of sample lines.
 */
export async function writeOpenMetrics(
  series: readonly SeriesSpec[],
  range: BackfillRange,
  file: string,
): Promise<number> {
  const out = createWriteStream(file);
  let pending: string[] = [];
  let lines = 0;
  const flush = async () => {
    if (!out.write(pending.join(''))) await once(out, 'drain');
    pending = [];
  };
  const steps = Math.floor((range.endMs - range.startMs) / 1000 / range.stepS);
  for (const [family, list] of byFamily(series)) {
    const [name, type] = FAMILY_TYPES[family];
    pending.push(`# TYPE ${name} ${type}\n`);
    for (const s of list) {
      for (let i = 0; i <= steps; i++) {
        const elapsed = i * range.stepS;
        const ts = (range.startMs / 1000 + elapsed).toFixed(3);
        for (const sample of samplesAt(s, elapsed)) {
          pending.push(`${sample.name}${labelText(sample.labels)} ${num(sample.value)} ${ts}\n`);
          lines++;
        }
      }
      if (pending.length > 5000) await flush();
    }
  }
  pending.push('# EOF\n');
  await flush();
  out.end();
  await once(out, 'finish');
  return lines;
}
