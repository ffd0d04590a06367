/** Scripted container logs: a generator per pod/container, a function of the line number. */
export type LogGenerator = (line: number) => string;

export interface LogSource {
  /** lines already "written" at start (history available to tailLines/since) */
  initialLines: number;
  /** ms between new lines while following */
  intervalMs: number;
  generate: LogGenerator;
}

/** A source as the emulator runs it: started at `start`; `end` set once its instance terminated. */
export type RunningSource = LogSource & { start: number; end?: number };

export class Logs {
  private readonly sources = new Map<string, RunningSource>();
  /** the last terminated instance of each container (what `previous=true` reads) */
  private readonly previous = new Map<string, RunningSource>();

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

  /**
   * The container restarted: its current instance terminates now (kept for `previous=true`, like the
   * kubelet keeps the last terminated container's log) and `source` is the new instance's.
   */
  restart(namespace: string, pod: string, container: string, source: Partial<LogSource>): void {
    const key = `${namespace}/${pod}/${container}`;
    this.previous.set(key, { ...this.source(namespace, pod, container), end: Date.now() });
    this.add(namespace, pod, container, source);
  }

  /** The last terminated instance's source, if the container restarted. */
  previousSource(namespace: string, pod: string, container: string): RunningSource | undefined {
    return this.previous.get(`${namespace}/${pod}/${container}`);
  }

  /** The source, created on first use with the default generator. */
  source(namespace: string, pod: string, container: string): RunningSource {
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

  /** Number of lines written up to `now` (up to its end for a terminated instance). */
  static linesAt(src: RunningSource, now: number): number {
    const at = Math.min(now, src.end ?? Infinity);
    return src.initialLines + Math.max(0, Math.floor((at - src.start) / src.intervalMs));
  }
}

export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
