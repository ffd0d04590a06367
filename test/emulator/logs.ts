/** Scripted container logs: a generator per pod/container, a function of the line number. */
export type LogGenerator = (line: number) => string;

export interface LogSource {
  /** lines already "written" at start (history available to tailLines/since) */
  initialLines: number;
  /** ms between new lines while following */
  intervalMs: number;
  generate: LogGenerator;
}

export class Logs {
  private readonly sources = new Map<string, LogSource & { start: number }>();

  constructor(
    readonly defaults: { initialLines: number; intervalMs: number } = { initialLines: 10, intervalMs: 200 },
  ) {}

  add(namespace: string, pod: string, container: string, source: Partial<LogSource>): void {
    this.sources.set(`${namespace}/${pod}/${container}`, {
      initialLines: source.initialLines ?? this.defaults.initialLines,
      intervalMs: source.intervalMs ?? this.defaults.intervalMs,
      generate: source.generate ?? ((n) => `line ${n} from ${pod}/${container}`),
      start: Date.now(),
    });
  }

  /** The source, created on first use with the default generator. */
  source(namespace: string, pod: string, container: string): LogSource & { start: number } {
    const key = `${namespace}/${pod}/${container}`;
    if (!this.sources.has(key)) this.add(namespace, pod, container, {});
    return this.sources.get(key)!;
  }

  /**
   * Timestamp of line n: the initial lines are spread over the second before start (one per
   * 100 ms going back), later lines come every intervalMs.
   */
  static timeOf(src: LogSource & { start: number }, n: number): number {
    if (n <= src.initialLines) return src.start - (src.initialLines - n + 1) * 100;
    return src.start + (n - src.initialLines) * src.intervalMs;
  }

  /** Number of lines written up to `now`. */
  static linesAt(src: LogSource & { start: number }, now: number): number {
    return src.initialLines + Math.max(0, Math.floor((now - src.start) / src.intervalMs));
  }
}

export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
