/**
 * De-duplication of the overlap when a dropped log stream is resumed with `sinceTime`: the server sends
 * again every line since the start of the last second seen. Lines older than the last timestamp seen are
 * dropped; at exactly that timestamp, as many copies of each text as were already delivered are dropped
 * (two identical lines in the same nanosecond stay two lines); everything later passes.
 */
import { compareInstants, type Instant } from './timestamp';

export class ResumeDeduplicator {
  private last: Instant | undefined;
  /**
   * texts delivered at {@link last}, repeats included: the first `atLastCount` entries of an array reused
   * for every line (no Map, no array per line; truncating `length` would free its storage)
   */
  private readonly atLast: string[] = [];
  private atLastCount = 0;
  /** after a resume: copies at `last` still expected again (undefined when none) */
  private replay: Map<string, number> | undefined;

  /** The latest instant delivered (undefined before the first line). */
  get lastInstant(): Instant | undefined {
    return this.last;
  }

  /** Call when a new connection starts: lines up to the last instant seen will be repeated. */
  resume(): void {
    this.replay = new Map();
    for (let i = 0; i < this.atLastCount; i++) {
      const text = this.atLast[i]!;
      this.replay.set(text, (this.replay.get(text) ?? 0) + 1);
    }
  }

  /** True when the line is new and must be delivered; records it. */
  accept(instant: Instant, text: string): boolean {
    if (this.last) {
      const c = compareInstants(instant, this.last);
      if (c < 0) return false;
      if (c === 0) {
        const pending = this.replay?.get(text) ?? 0;
        if (pending > 0) {
          this.replay!.set(text, pending - 1);
          return false;
        }
        this.atLast[this.atLastCount++] = text;
        return true;
      }
    }
    this.last = instant;
    this.atLast[0] = text;
    this.atLastCount = 1;
    this.replay = undefined;
    return true;
  }
}
