/**
 * One running tail: the pod-set tracker feeds the stream multiplexer, whose records go through the filters
 * and the formatter into a bounded buffer and, batched, to the output (ANSI text for a terminal). Pause
 * keeps buffering and replays on resume; filters, timestamps and JSON folding change live and redraw.
 * Pure: the output is a callback, the pods a cache, the log streams a {@link LogOpener}.
 */
import { systemClock, type Clock } from '../cluster/backoff';
import type { Disposable } from '../cluster/watch-cache';
import { containerStatus, selectContainers } from './containers';
import type { LogOpener } from './log-opener';
import { LineFilters, type FilterKind } from './line-filters';
import { LineFormatter } from './line-formatter';
import { PodSetTracker, type PodSource } from './pod-tracker';
import { RecordStore } from './record-store';
import { renderPlain } from './segments';
import { StreamMultiplexer, type StreamCounts } from './stream-multiplexer';
import { describeTarget, resolveTarget, type ObjectLookup } from './target';
import type { TailOptions } from './tail-options';
import { streamLabel, type LogRecord, type PodObject, type StreamRef } from './types';
import { WriteBatcher } from './write-batcher';

export interface TailDeps {
  /** the shared pods watch cache (a lease's cache) */
  pods: PodSource & { state?: string; onDidChangeState?(l: (s: string) => void): Disposable };
  /** workloads and services, for resolving those targets */
  lookup: ObjectLookup;
  /** fires when workloads/services may have changed (re-resolves the target) */
  onClusterChange?: (listener: () => void) => Disposable;
  open: LogOpener;
  /** the output (ANSI text, `\r\n` line ends) */
  write: (text: string) => void;
  /** status changed (counts, pause, filters) */
  onStatus?: () => void;
  clock?: Clock;
  now?: () => number;
}

export interface TailStatus {
  title: string;
  state: 'waiting' | 'running' | 'paused' | 'stopped';
  pods: number;
  streams: StreamCounts;
  /** lines delivered by all streams */
  lines: number;
  buffered: number;
  /** records dropped from the buffer to respect its bound */
  droppedFromBuffer: number;
  filters: string;
  problem?: string;
}

const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

export class TailSession {
  readonly title: string;
  readonly filters = new LineFilters();
  readonly formatter: LineFormatter;
  private readonly buffer: RecordStore;
  private readonly batcher: WriteBatcher;
  private readonly multiplexer: StreamMultiplexer;
  private readonly tracker: PodSetTracker;
  private readonly subscriptions: Disposable[] = [];
  private seq = 0;
  private pausedAfter: number | undefined;
  private started = false;
  private stopped = false;
  private synced = false;
  /** lines delivered (not markers), whatever the filters */
  delivered = 0;
  /** called with every record (tests and the benchmark count and time them) */
  onRecord: ((record: LogRecord) => void) | undefined;

  constructor(
    readonly options: TailOptions,
    private readonly deps: TailDeps,
  ) {
    this.title = describeTarget(options.target);
    this.formatter = new LineFormatter({ timestamps: options.timestamps, expandJson: options.expandJson });
    this.buffer = new RecordStore(Math.max(1, options.bufferLines));
    const clock = deps.clock ?? systemClock;
    this.batcher = new WriteBatcher(deps.write, options.batchMs, undefined, clock);
    this.multiplexer = new StreamMultiplexer({
      open: deps.open,
      emit: (r) => this.receive(r),
      finished: (ref) => this.finished(ref),
      maxStreams: options.maxStreams,
      startsPerSecond: options.startsPerSecond,
      startBurst: options.startBurst,
      clock,
      now: deps.now,
      onChange: () => deps.onStatus?.(),
    });
    this.tracker = new PodSetTracker(deps.pods, () => resolveTarget(options.target, deps.lookup), {
      joined: (pod, initial) => this.joined(pod, initial),
      left: (pod, reason) => this.left(pod, reason),
      restarted: (pod, container, count) => {
        const ref = selectContainers(pod, options.containers).find((r) => r.container === container);
        if (ref) this.multiplexer.restarted(ref, count);
      },
    });
  }

  /** Follows the pods once the pods cache has synced. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const go = () => {
      if (this.synced || this.stopped) return;
      this.synced = true;
      this.tracker.start();
      const problem = this.tracker.problem;
      if (problem) this.receive(this.notice('error', problem));
      this.deps.onStatus?.();
    };
    const pods = this.deps.pods;
    if (pods.state === undefined || pods.state === 'synced') go();
    else if (pods.onDidChangeState) {
      this.subscriptions.push(pods.onDidChangeState((s) => s === 'synced' && go()));
    }
    if (this.deps.onClusterChange)
      this.subscriptions.push(this.deps.onClusterChange(() => this.tracker.refresh()));
  }

  private joined(pod: PodObject, initial: boolean): void {
    const refs = selectContainers(pod, this.options.containers);
    if (!initial)
      this.receive(this.podNotice(pod, `pod joined (${refs.map((r) => r.container).join(', ')})`));
    for (const ref of refs) {
      // pods there at the start: history cut by since/tail; pods joining later: from their first line
      this.multiplexer.add(
        ref,
        initial ? { sinceSeconds: this.options.sinceSeconds, tailLines: this.options.tailLines } : {},
      );
    }
    this.deps.onStatus?.();
  }

  private left(pod: PodObject, reason: 'deleted' | 'unmatched'): void {
    this.receive(this.podNotice(pod, reason === 'deleted' ? 'pod deleted' : 'pod no longer matches'));
    this.multiplexer.leave(
      pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`,
      this.options.leaveGraceMs,
    );
    this.deps.onStatus?.();
  }

  /** A container's stream ending is final when the pod is gone or the container terminated for good. */
  private finished(ref: StreamRef): boolean {
    const pod = this.tracker.pod(ref.uid);
    if (!pod) return true;
    const st = containerStatus(pod, ref.container);
    if (!st?.state?.terminated) return false;
    return ref.init || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  }

  private podNotice(pod: PodObject, text: string): LogRecord {
    const stream: StreamRef = {
      namespace: pod.metadata.namespace ?? '',
      pod: pod.metadata.name ?? '',
      uid: pod.metadata.uid ?? '',
      container: '',
      init: false,
    };
    return { stream, kind: 'marker', timestamp: '', text, receivedAt: Date.now() };
  }

  private notice(kind: 'marker' | 'error', text: string): LogRecord {
    const stream: StreamRef = { namespace: '', pod: 'meshwright', uid: '', container: '', init: false };
    return { stream, kind, timestamp: '', text, receivedAt: Date.now() };
  }

  private receive(record: LogRecord): void {
    if (record.kind === 'line') this.delivered++;
    this.buffer.push(++this.seq, record);
    this.onRecord?.(record);
    if (this.pausedAfter === undefined) this.render(record);
  }

  private render(record: LogRecord): void {
    const f = this.filters;
    if (record.kind === 'line' && f.filtering && !f.passes(streamLabel(record.stream), record.text)) return;
    this.batcher.write(this.formatter.ansi(record, this.filters.highlight));
    this.batcher.write('\r\n');
  }

  get paused(): boolean {
    return this.pausedAfter !== undefined;
  }

  /** Stops writing (records keep arriving into the buffer). */
  pause(): void {
    if (this.paused || this.stopped) return;
    this.batcher.flush();
    this.pausedAfter = this.seq;
    this.deps.onStatus?.();
  }

  /** Writes what arrived while paused (as much as the buffer kept), then continues live. */
  resume(): void {
    if (this.pausedAfter === undefined) return;
    const after = this.pausedAfter;
    this.pausedAfter = undefined;
    for (const e of this.buffer.toArray()) if (e.seq > after) this.render(e.record);
    this.deps.onStatus?.();
  }

  /** Clears the screen (the buffer is kept for search and save). */
  clear(): void {
    this.batcher.discard();
    this.deps.write(CLEAR_SCREEN);
  }

  /** Clears the screen and re-renders the last `lines` records under the current filters and format. */
  redraw(lines = 500): void {
    this.clear();
    const entries = this.buffer
      .toArray()
      .filter((e) => this.pausedAfter === undefined || e.seq <= this.pausedAfter);
    const shown = entries.filter(
      (e) => e.record.kind !== 'line' || this.filters.passes(streamLabel(e.record.stream), e.record.text),
    );
    for (const e of shown.slice(-lines)) this.render(e.record);
    this.batcher.flush();
  }

  /** Changes a filter and redraws; throws the RegExp's SyntaxError for a bad pattern. */
  setFilter(kind: FilterKind, pattern: string | undefined): void {
    this.filters.set(kind, pattern);
    this.redraw();
    this.deps.onStatus?.();
  }

  setTimestamps(on: boolean): void {
    this.formatter.options.timestamps = on;
    this.redraw();
  }

  setExpandJson(on: boolean): void {
    this.formatter.options.expandJson = on;
    this.redraw();
  }

  /** Buffered records as plain text lines (prefix, timestamp and formatted line), oldest first. */
  plainLines(filter?: RegExp): string[] {
    return this.search(filter).map((m) => m.plain);
  }

  /** Buffered records whose plain text (as {@link plainLines} shows it) matches `filter`, oldest first. */
  search(filter?: RegExp): { record: LogRecord; plain: string }[] {
    const out: { record: LogRecord; plain: string }[] = [];
    for (const { record } of this.buffer.toArray()) {
      const plain = renderPlain(this.formatter.format(record));
      if (!filter || filter.test(plain)) out.push({ record, plain });
    }
    return out;
  }

  /**
   * The last `limit` matches of a search as terminal lines (matches highlighted), after a header with the
   * count: what the terminal shows under a search.
   */
  searchReport(re: RegExp, limit = 20): string {
    const hits = this.search(re);
    const shown = hits.slice(-limit);
    const header =
      hits.length === 0
        ? `search /${re.source}/: no buffered line matches; new matches are highlighted live`
        : `search /${re.source}/: ${hits.length} buffered line${hits.length === 1 ? ' matches' : 's match'}` +
          (shown.length < hits.length ? `, the last ${shown.length}:` : ':');
    const lines = [this.formatter.ansi(this.notice('marker', header))];
    for (const { record } of shown) lines.push(this.formatter.ansi(record, re));
    if (hits.length)
      lines.push(
        this.formatter.ansi(this.notice('marker', 'end of matches · o opens them all in an editor')),
      );
    return lines.map((l) => `${l}\r\n`).join('');
  }

  /** Buffered records, oldest first. */
  records(): LogRecord[] {
    return this.buffer.toArray().map((e) => e.record);
  }

  streams() {
    return this.multiplexer.list();
  }

  status(): TailStatus {
    return {
      title: this.title,
      state: this.stopped ? 'stopped' : !this.synced ? 'waiting' : this.paused ? 'paused' : 'running',
      pods: this.tracker.size,
      streams: this.multiplexer.counts(),
      lines: this.delivered,
      buffered: this.buffer.size,
      droppedFromBuffer: this.buffer.dropped,
      filters: this.filters.describe(),
      problem: this.synced ? this.tracker.problem : this.podsProblem(),
    };
  }

  /** Why the pods cache has not synced yet (forbidden, unreachable, …), if it failed. */
  private podsProblem(): string | undefined {
    const state = this.deps.pods.state;
    return state && !['idle', 'listing', 'synced'].includes(state) ? `pods cache ${state}` : undefined;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Ends every stream and stops writing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.subscriptions) s.dispose();
    this.tracker.dispose();
    this.multiplexer.dispose();
    this.batcher.flush();
    this.deps.onStatus?.();
  }
}
