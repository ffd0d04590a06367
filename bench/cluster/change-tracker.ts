/**
 * Delay from a churn write to the moment an observer's model shows it. The churn process reports each
 * write ({@link ChangeRecord}); the observer calls {@link ChangeTracker.observe} after each refresh of its
 * model. Checks are monotone ("restarts ≥ n"), so a later write to the same object never hides an earlier
 * one. A record that arrives after the model already shows it is dated to that model's refresh.
 */
import type { ObservedModel } from './observed-model';

export type ChangeOp = 'pod-status' | 'pod-label' | 'pod-create' | 'pod-delete' | 'vs-create' | 'vs-delete';

export interface ChangeRecord {
  id: number;
  op: ChangeOp;
  namespace: string;
  name: string;
  /** restart count (pod-status) or `bench-rev` label (pod-label) written */
  value?: number;
  /** wall-clock ms (performance.timeOrigin + performance.now()) just before the write was sent */
  sentAt: number;
  failed?: boolean;
}

/** The restart count in a pod node's description (`Running · 2/2 · 3 restarts · istio-proxy`). */
function restartsOf(description: string | undefined): number {
  const m = / (\d+) restarts?\b/.exec(description ?? '');
  return m ? Number(m[1]) : -1;
}

function shows(m: ObservedModel, c: ChangeRecord): boolean {
  switch (c.op) {
    case 'pod-status':
      return restartsOf(m.node('Pod', c.namespace, c.name)?.description) >= c.value!;
    case 'pod-label': {
      const labels = m.object('Pod', c.namespace, c.name)?.metadata.labels as
        Record<string, string> | undefined;
      return Number(labels?.['bench-rev'] ?? 0) >= c.value!;
    }
    case 'pod-create':
      return m.node('Pod', c.namespace, c.name) !== undefined;
    case 'pod-delete':
      return m.node('Pod', c.namespace, c.name) === undefined;
    case 'vs-create':
      return m.node('VirtualService', c.namespace, c.name) !== undefined;
    case 'vs-delete':
      return m.node('VirtualService', c.namespace, c.name) === undefined;
  }
}

const wallClock = (): number => performance.timeOrigin + performance.now();

export class ChangeTracker {
  private readonly records = new Map<number, ChangeRecord & { delayMs?: number }>();
  private pending: ChangeRecord[] = [];
  private last: { model: ObservedModel; at: number } | undefined;
  /** time spent checking models (the benchmark's own work, to subtract from the observer's CPU) */
  checkMs = 0;

  /** A write reported by the churn process. */
  add(record: ChangeRecord): void {
    if (record.failed) {
      this.records.delete(record.id);
      this.pending = this.pending.filter((c) => c.id !== record.id);
      return;
    }
    this.records.set(record.id, record);
    // the observer may have shown it before this report arrived
    if (this.last && this.check(this.last.model, [record], this.last.at).length === 0) return;
    this.pending.push(record);
  }

  /** The observer's model after a refresh: records the delay of every pending change it shows. */
  observe(model: ObservedModel): void {
    const at = wallClock();
    this.last = { model, at };
    if (this.pending.length) this.pending = this.check(model, this.pending, at);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Every successful write with its delay (undefined: never shown). */
  changes(): readonly (ChangeRecord & { delayMs?: number })[] {
    return [...this.records.values()];
  }

  /** Checks `changes` against a model refreshed at `at`; returns those it does not show yet. */
  private check(model: ObservedModel, changes: ChangeRecord[], at: number): ChangeRecord[] {
    const start = performance.now();
    const rest = changes.filter((c) => {
      if (!shows(model, c)) return true;
      this.records.get(c.id)!.delayMs = Math.max(0, at - c.sentAt);
      return false;
    });
    this.checkMs += performance.now() - start;
    return rest;
  }
}
