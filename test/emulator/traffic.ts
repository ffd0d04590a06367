/**
 * Request accounting for benchmarks and tests: requests served per kind (list, watch, get, write,
 * discovery…) and the watch streams open per collection, with the peak reached, so a client's
 * "at most one watch per resource type" can be checked from the server side.
 */
import type { Route } from './http-util';

export type RequestKind = 'list' | 'watch' | 'get' | 'write' | 'discovery' | 'other';

export interface TrafficSnapshot {
  requests: Record<string, number>;
  /** collection (`group/resource[/namespace][/name]`) → watch streams open now */
  openWatches: Record<string, number>;
  /** collection → most watch streams open at the same time since the start (or the last reset) */
  peakWatches: Record<string, number>;
}

/** The collection a watch route follows: `group/resource`, plus `/namespace` and `/name` when narrowed. */
export const watchedCollection = (r: Route): string =>
  [r.type.group || 'core', r.type.resource, r.namespace, r.name].filter((s) => s !== undefined).join('/');

export class Traffic {
  private readonly requests = new Map<string, number>();
  private readonly open = new Map<string, number>();
  private readonly peak = new Map<string, number>();

  count(kind: RequestKind): void {
    this.requests.set(kind, (this.requests.get(kind) ?? 0) + 1);
  }

  /** Registers an open watch stream; the returned function (idempotent) marks it closed. */
  openWatch(collection: string): () => void {
    const now = (this.open.get(collection) ?? 0) + 1;
    this.open.set(collection, now);
    this.peak.set(collection, Math.max(now, this.peak.get(collection) ?? 0));
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.open.set(collection, (this.open.get(collection) ?? 1) - 1);
    };
  }

  /** Peaks restart from the streams open now (request counts are kept). */
  resetPeaks(): void {
    this.peak.clear();
    for (const [k, v] of this.open) if (v > 0) this.peak.set(k, v);
  }

  snapshot(): TrafficSnapshot {
    const positive = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, v]) => v > 0));
    return {
      requests: Object.fromEntries(this.requests),
      openWatches: positive(this.open),
      peakWatches: positive(this.peak),
    };
  }
}
