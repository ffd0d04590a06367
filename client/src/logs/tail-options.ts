/**
 * The options of one tail, with their defaults (also the defaults of the `meshwright.logs.*` settings).
 */
import type { ContainerSelection } from './containers';
import type { LogTarget } from './target';

export interface TailOptions {
  target: LogTarget;
  containers: ContainerSelection;
  /** history of pods present at start: lines of the last N seconds (undefined: no time limit) */
  sinceSeconds?: number;
  /** history of pods present at start: the last N lines per container (undefined: all) */
  tailLines?: number;
  timestamps: boolean;
  expandJson: boolean;
  /** streams connected at once; the rest wait (no hard limit on the total) */
  maxStreams: number;
  /** connects per second after `startBurst` */
  startsPerSecond: number;
  startBurst: number;
  /** records kept in memory (for pause, redraw, search and save) */
  bufferLines: number;
  /** output batching window (ms) */
  batchMs: number;
  /** how long a deleted pod's open stream may drain its last lines (ms) */
  leaveGraceMs: number;
}

export const DEFAULT_TAIL_OPTIONS: Omit<TailOptions, 'target'> = {
  containers: { includeSidecar: false, includeInit: false },
  sinceSeconds: undefined,
  tailLines: 100,
  timestamps: false,
  expandJson: false,
  maxStreams: 100,
  startsPerSecond: 50,
  startBurst: 20,
  bufferLines: 10_000,
  batchMs: 16,
  leaveGraceMs: 1000,
};

/** `30s`, `5m`, `2h`, `1d` (or plain seconds) → seconds; '' or invalid → undefined. */
export function parseSince(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
