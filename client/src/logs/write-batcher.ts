/**
 * Batched output: text written within `intervalMs` reaches the sink as one write (a terminal repaints
 * once per batch instead of once per line). A batch is flushed early when it grows past `maxChars`.
 */
import { systemClock, type Clock } from '../cluster/backoff';

export class WriteBatcher {
  private parts: string[] = [];
  private chars = 0;
  private timer: unknown;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly intervalMs = 16,
    private readonly maxChars = 256 * 1024,
    private readonly clock: Clock = systemClock,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= this.maxChars) return this.flush();
    if (this.timer === undefined) this.timer = this.clock.setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.parts.length) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    this.sink(text);
  }

  /** Drops what is pending (clear screen, stop). */
  discard(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.chars = 0;
  }
}
