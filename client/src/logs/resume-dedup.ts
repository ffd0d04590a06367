/**
 * De-duplication of the overlap when a dropped log stream is resumed with `sinceTime`: the server sends
 * again every line since the start of the last second seen. Lines older than the last timestamp seen are
 * dropped; at exactly that timestamp, as many copies of each text as were already delivered are dropped
 * (two identical lines in the same nanosecond stay two lines); everything later passes.
 */
import { compareInstants, type Instant } from './timestamp';

export class ResumeDeduplicator {
  private last: Instant | undefined;
  /** texts delivered at {@link last}, with their multiplicity */
  private atLast = new Map<string, number>();
  /** after a resume: copies at `last` still expected again */
  private replay = new Map<string, number>();

  /** The latest instant delivered (undefined before the first line). */
  get lastInstant(): Instant | undefined {
    return this.last;
  }

  /** Call when a new connection starts: lines up to the last instant seen will be repeated. */
  resume(): void {
    this.replay = new Map(this.atLast);
  }

  /** True when the line is new and must be delivered; records it. */
  accept(instant: Instant, text: string): boolean {
    if (this.last) {
      const c = compareInstants(instant, this.last);
      if (c < 0) return false;
      if (c === 0) {
        const pending = this.replay.get(text) ?? 0;
        if (pending > 0) {
          this.replay.set(text, pending - 1);
          return false;
        }
        this.atLast.set(text, (this.atLast.get(text) ?? 0) + 1);
        return true;
      }
    }
    this.last = instant;
    this.atLast.clear(); // reused: this runs for every line
    this.atLast.set(text, 1);
    if (this.replay.size) this.replay.clear();
    return true;
  }
}
