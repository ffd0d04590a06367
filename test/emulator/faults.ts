/** Fault hooks: drop watches, restart (close all connections), latency, fail the next N requests. */
export class Faults {
  latencyMs = 0;
  private failures: { remaining: number; code: number }[] = [];
  private readonly closers = new Set<() => void>();
  /** set by the server: closes every open connection */
  onRestart: () => void = () => {};

  /** Register a long-running stream (watch, log follow); returns an unregister function. */
  track(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  get openStreams(): number {
    return this.closers.size;
  }

  /** End every open watch and log stream (clients see the stream end). */
  dropWatches(): void {
    for (const c of [...this.closers]) c();
    this.closers.clear();
  }

  /** Close every connection; the store is kept. */
  restart(): void {
    this.dropWatches();
    this.onRestart();
  }

  addLatency(ms: number): void {
    this.latencyMs = ms;
  }

  failNext(count: number, code = 500): void {
    this.failures.push({ remaining: count, code });
  }

  /** The code the current request must fail with, if any. */
  takeFailure(): number | undefined {
    const f = this.failures[0];
    if (!f) return undefined;
    if (--f.remaining <= 0) this.failures.shift();
    return f.code;
  }

  reset(): void {
    this.latencyMs = 0;
    this.failures = [];
  }
}
