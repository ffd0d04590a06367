/**
 * The canary's history, kept on the VirtualService itself (annotation `meshwright.io/canary-history`,
 * a JSON list, newest last, bounded), so status and rollback survive a restart of VS Code mid-run and
 * everyone sees who moved traffic when, and why.
 */

export const HISTORY_ANNOTATION = 'meshwright.io/canary-history';
/** Entries kept (oldest dropped first). */
export const HISTORY_LIMIT = 20;

export type CanaryAction = 'promote' | 'promote-full' | 'rollback' | 'auto-promote' | 'auto-rollback';

export interface HistoryEntry {
  action: CanaryAction;
  /** `host/subset` of the canary and the stable */
  canary: string;
  stable: string;
  /** canary weight before and after (percent) */
  from: number;
  to: number;
  /** ISO time */
  time: string;
  /** who: the OS user and the kubeconfig context */
  by: string;
  /** gate outcome that led to the step (automated runs), e.g. "success 99.6% ≥ 99%, p99 212ms ≤ 500ms" */
  gates?: string;
  /** automated run id, to tell one run's steps from another's */
  run?: string;
}

function isEntry(v: unknown): v is HistoryEntry {
  const e = v as Partial<HistoryEntry>;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.action === 'string' &&
    typeof e.canary === 'string' &&
    typeof e.from === 'number' &&
    typeof e.to === 'number'
  );
}

/** The entries of an annotation value; anything malformed is ignored, never thrown. */
export function parseHistory(value: unknown): HistoryEntry[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** The annotation value with `entry` appended (bounded to {@link HISTORY_LIMIT}). */
export function appendHistory(value: unknown, entry: HistoryEntry): string {
  return JSON.stringify([...parseHistory(value), entry].slice(-HISTORY_LIMIT));
}
