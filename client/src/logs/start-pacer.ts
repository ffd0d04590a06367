/**
 * Paces stream starts with a token bucket so a tail over hundreds of pods (or every stream reconnecting
 * after the API server dropped them all) does not flood the API server: `burst` starts at once, then
 * `perSecond`. Starts run in the order they were asked for.
 */
import { systemClock, type Clock } from '../cluster/backoff';

export interface PacerOptions {
  perSecond: number;
  burst: number;
  clock?: Clock;
  now?: () => number;
}

export class StartPacer {
  private tokens: number;
  private refilledAt: number;
  private readonly queue: (() => void)[] = [];
  private timer: unknown;
  private readonly clock: Clock;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: PacerOptions) {
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? Date.now;
    this.tokens = options.burst;
    this.refilledAt = this.now();
  }

  /** Starts waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Runs `start` now if a token is free, otherwise when its turn comes. */
  schedule(start: () => void): void {
    if (this.disposed) return;
    this.queue.push(start);
    this.drain();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.options.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.options.perSecond,
    );
    this.refilledAt = now;
  }

  private drain(): void {
    if (this.timer !== undefined || this.disposed) return;
    this.refill();
    while (this.queue.length && this.tokens >= 1) {
      this.tokens--;
      this.queue.shift()!();
    }
    if (!this.queue.length) return;
    const wait = Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.drain();
      },
      Math.max(1, wait),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
