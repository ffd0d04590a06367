/**
 * Checks the delivered lines of each stream against the emulator's deterministic schedule, in constant
 * memory per stream: line n of a stream is stamped start + (n − initial) × interval (the first `initial`
 * lines are history), lines of a stream must arrive as 1, 2, 3, …; a jump is a loss, a repeat a duplicate,
 * and the lines produced up to a cutoff follow from the schedule. End-to-end delays (receipt − production
 * stamp) of live lines go into a 1 ms histogram.
 */
import { instantMs, parseInstant } from '../../client/src/logs/timestamp';
import type { LogRecord } from '../../client/src/logs/types';

interface StreamTally {
  lastN: number;
  lost: number;
  doubled: number;
  /** schedule start (ms), from the first live line */
  start: number | undefined;
}

export interface Verdict {
  produced: number;
  delivered: number;
  lost: number;
  doubled: number;
}

/** A verdict with the stream count and the delays of live lines (those around the kill apart). */
export interface Delivery extends Verdict {
  streams: number;
  delayMs: { p50: number; p99: number; max: number };
  delayAroundKillMs: { p50: number; p99: number; max: number };
}

/** lines produced from 1 s before to this long after the kill wait for a paced reconnect (reported apart) */
export const RECONNECT_WINDOW_MS = 10_000;

const MAX_DELAY_MS = 60_000;

/** n of `line <n> from …` (NaN for other text), read without a regex: this runs in the measured process. */
function lineNumber(text: string): number {
  if (!text.startsWith('line ')) return NaN;
  let n = 0;
  let i = 5;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i > 5 && text.startsWith(' from ', i) ? n : NaN;
}

export class DeliveryCheck {
  readonly streams = new Map<string, StreamTally>();
  private readonly histogram = new Uint32Array(MAX_DELAY_MS + 1);
  private samples = 0;
  /** delays of lines produced in the excluded window (a paced mass reconnect), kept apart */
  private readonly excludedHistogram = new Uint32Array(MAX_DELAY_MS + 1);
  private excludedSamples = 0;
  private excluded: [number, number] = [Infinity, Infinity];
  maxDelay = 0;
  maxDelayExcluded = 0;
  total = 0;

  constructor(
    private readonly liveAfterMs: number,
    /** the emulator's schedule: ms between lines, and history lines before the pod's log started */
    private readonly intervalMs: number,
    private readonly initialLines: number,
  ) {}

  record(r: LogRecord): void {
    if (r.kind !== 'line') return;
    this.total++;
    const n = lineNumber(r.text);
    const at = parseInstant(r.timestamp);
    if (!Number.isFinite(n) || !at) return;
    let t = this.streams.get(r.stream.pod);
    if (!t) this.streams.set(r.stream.pod, (t = { lastN: 0, lost: 0, doubled: 0, start: undefined }));
    if (n <= t.lastN) t.doubled++;
    else {
      t.lost += n - t.lastN - 1;
      t.lastN = n;
    }
    const produced = instantMs(at);
    if (t.start === undefined && n > this.initialLines) {
      t.start = produced - (n - this.initialLines) * this.intervalMs;
    }
    const d = Math.max(0, Math.min(MAX_DELAY_MS, r.receivedAt - produced));
    if (produced >= this.excluded[0] && produced < this.excluded[1]) {
      this.excludedHistogram[d]!++;
      this.excludedSamples++;
      this.maxDelayExcluded = Math.max(this.maxDelayExcluded, d);
    } else if (produced >= this.liveAfterMs) {
      this.histogram[d]!++;
      this.samples++;
      this.maxDelay = Math.max(this.maxDelay, d);
    }
  }

  /** Lines the schedule produced up to `cutoffMs`, and how many of them were delivered, lost, doubled. */
  verdict(cutoffMs: number): Verdict {
    let produced = 0;
    let lost = 0;
    let doubled = 0;
    for (const t of this.streams.values()) {
      doubled += t.doubled;
      if (t.start === undefined) continue;
      const maxN = this.initialLines + Math.floor((cutoffMs - t.start) / this.intervalMs);
      produced += maxN;
      lost += t.lost + Math.max(0, maxN - t.lastN); // gaps, and lines due by the cutoff never seen
    }
    return { produced, delivered: produced - lost, lost, doubled };
  }

  /** Lines produced in [from, to) are measured apart (the reconnect after a kill). */
  excludeFrom(from: number, to: number): void {
    this.excluded = [from, to];
  }

  /** The p-th percentile delay (ms) of live lines (of the excluded window's lines with `excluded`). */
  percentile(p: number, excluded = false): number {
    const samples = excluded ? this.excludedSamples : this.samples;
    const histogram = excluded ? this.excludedHistogram : this.histogram;
    if (!samples) return NaN;
    const rank = Math.ceil((p / 100) * samples);
    let seen = 0;
    for (let ms = 0; ms <= MAX_DELAY_MS; ms++) {
      seen += histogram[ms]!;
      if (seen >= rank) return ms;
    }
    return MAX_DELAY_MS;
  }
}

/** Judges a finished run: lines due up to 2 s ago must have arrived. */
export function judge(check: DeliveryCheck): Delivery {
  const v = check.verdict(Date.now() - 2000);
  return {
    ...v,
    streams: check.streams.size,
    delayMs: { p50: check.percentile(50), p99: check.percentile(99), max: check.maxDelay },
    delayAroundKillMs: {
      p50: check.percentile(50, true),
      p99: check.percentile(99, true),
      max: check.maxDelayExcluded,
    },
  };
}

/** Ends every log stream (and watch) of the emulator at once; lines around it are measured apart. */
export async function killAllStreams(
  check: DeliveryCheck,
  admin: (action: string) => Promise<void>,
): Promise<number> {
  await admin('drop-watches');
  const at = Date.now();
  check.excludeFrom(at - 1000, at + RECONNECT_WINDOW_MS);
  return at;
}
