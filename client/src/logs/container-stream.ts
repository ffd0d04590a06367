/**
 * One container's log stream for the life of a tail: connects (through the multiplexer's pacer), reads
 * lines, and when the connection drops reconnects with backoff from `sinceTime` of the last timestamp it
 * saw, de-duplicating the overlap, so the output has no gap and no doubled line. A restarted container
 * gets a marker and is resumed the same way; an ended container (terminated, not restarting), a left pod
 * or a forbidden pods/log end it.
 */
import { Backoff, type BackoffOptions, type Clock } from '../cluster/backoff';
import { TransportError } from '../cluster/transport';
import { readBody } from './body-reader';
import { LineSplitter } from './line-splitter';
import type { LogOpener, LogStart } from './log-opener';
import { ResumeDeduplicator } from './resume-dedup';
import { resumeSinceTime, splitTimestamp } from './timestamp';
import type { LogRecord, StreamRef } from './types';

/**
 * queued (waiting for a slot) → connecting → streaming; `retrying` between connections; final:
 * `ended` (container finished), `left` (pod gone), `forbidden` (401/403 on pods/log), `stopped`.
 */
export type StreamState =
  'queued' | 'connecting' | 'streaming' | 'retrying' | 'ended' | 'left' | 'forbidden' | 'stopped';

export const FINAL_STATES: ReadonlySet<StreamState> = new Set(['ended', 'left', 'forbidden', 'stopped']);

export interface ContainerStreamOptions {
  open: LogOpener;
  clock: Clock;
  backoff?: BackoffOptions;
  /** where the first connection starts */
  start: LogStart;
  /** asks the pacer for a turn to connect */
  schedule: (connect: () => void) => void;
  emit: (record: LogRecord) => void;
  /** true when the container terminated and will not run again (its stream ending is final) */
  finished: () => boolean;
  /** the stream changed state (final states release its slot) */
  onState: (stream: ContainerStream) => void;
}

type AbortReason = 'restart' | 'leave' | 'stop';

/** lines of a terminated instance read when none of its lines had been seen */
const PREVIOUS_TAIL_LINES = 100;

export class ContainerStream {
  state: StreamState = 'queued';
  /** lines delivered */
  lines = 0;
  /** connections after the first */
  reconnects = 0;
  /** the last error (shown while retrying or forbidden) */
  error: string | undefined;
  private readonly dedup = new ResumeDeduplicator();
  private readonly backoff: Backoff;
  private controller: AbortController | undefined;
  private abortReason: AbortReason | undefined;
  private retryTimer: unknown;
  private connected = false;
  private leaveTimer: unknown;
  /** a restart whose previous instance's end and marker the next connection delivers */
  private pendingRestart: number | undefined;

  constructor(
    readonly ref: StreamRef,
    private readonly options: ContainerStreamOptions,
  ) {
    this.backoff = new Backoff({ initialMs: 250, maxMs: 15_000, ...options.backoff });
  }

  /** Called once the stream holds a slot: connects at the pacer's pace. */
  begin(): void {
    if (this.state !== 'queued') return;
    this.setState('connecting');
    this.options.schedule(() => void this.connect());
  }

  /**
   * The container restarted. The next connection first reads what the terminated instance wrote after
   * the last line seen (`previous=true`: lines lost while disconnected when it crashed), then the marker,
   * then the new instance's log.
   */
  restarted(restartCount: number): void {
    if (FINAL_STATES.has(this.state) && this.state !== 'ended') return;
    this.pendingRestart = restartCount;
    if (this.state === 'ended') return this.setState('queued'); // the multiplexer gives it a slot again
    if (this.state === 'queued' || (this.state === 'connecting' && !this.controller)) return;
    this.interrupt('restart');
  }

  /** The pod left: the open connection may drain for `graceMs` (its last lines), then the stream ends. */
  leave(graceMs: number): void {
    if (FINAL_STATES.has(this.state)) return;
    if (this.state !== 'streaming') return this.finish('left');
    this.abortReason = 'leave';
    this.leaveTimer = this.options.clock.setTimeout(() => this.controller?.abort(), graceMs);
  }

  stop(): void {
    if (FINAL_STATES.has(this.state)) return;
    this.abortReason = 'stop';
    this.controller?.abort();
    this.finish('stopped');
  }

  private interrupt(reason: AbortReason): void {
    this.abortReason = reason;
    if (this.controller) this.controller.abort();
    else if (this.state === 'retrying') {
      this.options.clock.clearTimeout(this.retryTimer);
      this.retryNow();
    }
  }

  private async connect(): Promise<void> {
    if (FINAL_STATES.has(this.state)) return;
    const controller = new AbortController();
    this.controller = controller;
    this.abortReason = undefined;
    if (this.pendingRestart !== undefined) {
      await this.previousInstance(controller.signal);
      if (this.controller !== controller || controller.signal.aborted) {
        if (this.controller === controller) this.controller = undefined;
        return this.after(undefined);
      }
    }
    const last = this.dedup.lastInstant;
    const start: LogStart = last
      ? { sinceTime: resumeSinceTime(last) }
      : this.connected
        ? {}
        : this.options.start;
    if (this.connected) this.reconnects++;
    this.dedup.resume();
    const splitter = new LineSplitter();
    let failure: unknown;
    try {
      const body = await this.options.open({ ...this.ref, ...start, signal: controller.signal });
      this.connected = true;
      this.error = undefined;
      this.setState('streaming');
      let reset = false;
      await readBody(body, (chunk) => {
        splitter.forEachLine(chunk, this.onLine);
        if (!reset && this.state === 'streaming') {
          this.backoff.reset(); // lines flow again: the next drop starts the backoff anew
          reset = true;
        }
      });
    } catch (e) {
      failure = e;
    }
    if (this.controller === controller) this.controller = undefined;
    this.after(controller.signal.aborted ? undefined : failure, splitter);
  }

  /**
   * Delivers the terminated instance's lines after the last one seen, then the restart marker. A failure
   * (no previous instance kept, forbidden, network) only costs those lines: the marker still follows.
   */
  private async previousInstance(signal: AbortSignal): Promise<void> {
    const count = this.pendingRestart!;
    const last = this.dedup.lastInstant;
    // after the last line seen; none seen yet (it crashed before any): its end, as the tail would start
    const start: LogStart = last
      ? { sinceTime: resumeSinceTime(last) }
      : { tailLines: PREVIOUS_TAIL_LINES, ...this.options.start };
    this.dedup.resume();
    const splitter = new LineSplitter();
    try {
      const body = await this.options.open({ ...this.ref, ...start, previous: true, signal });
      await readBody(body, (chunk) => splitter.forEachLine(chunk, this.onLine));
      const rest = splitter.rest();
      if (rest) this.line(rest);
    } catch {
      if (signal.aborted) return; // stopped, left or restarted again: the next connection retries
    }
    this.pendingRestart = undefined;
    this.marker(`container restarted (restart ${count})`);
  }

  /** Decides what follows the end of a connection (`splitter`: the ended connection's, holding its last partial line). */
  private after(failure: unknown, splitter?: LineSplitter): void {
    this.options.clock.clearTimeout(this.leaveTimer);
    const reason = this.abortReason;
    if (FINAL_STATES.has(this.state) || reason === 'stop') return;
    if (reason === 'restart') return this.retryNow();
    if (reason === 'leave') return this.finish('left');
    if (failure) {
      const status = failure instanceof TransportError ? failure.status : undefined;
      this.error = (failure as Error).message ?? String(failure);
      if (status === 401 || status === 403) {
        this.options.emit(this.record('error', `cannot read logs: ${this.error}`));
        return this.finish('forbidden');
      }
      return this.retryLater();
    }
    if (this.options.finished()) {
      const rest = splitter?.rest();
      if (rest) this.line(rest);
      return this.finish('ended');
    }
    this.retryLater(); // dropped by the server or a proxy: resume
  }

  private retryLater(): void {
    this.setState('retrying');
    this.retryTimer = this.options.clock.setTimeout(() => this.retryNow(), this.backoff.next());
  }

  private retryNow(): void {
    if (FINAL_STATES.has(this.state)) return;
    this.setState('connecting');
    this.options.schedule(() => void this.connect());
  }

  private readonly onLine = (raw: string): void => this.line(raw);

  private line(raw: string): void {
    const parsed = splitTimestamp(raw);
    if (parsed && !this.dedup.accept(parsed.instant, parsed.text)) return;
    this.lines++;
    this.options.emit({
      stream: this.ref,
      kind: 'line',
      timestamp: parsed?.timestamp ?? '',
      text: parsed ? parsed.text : raw,
      receivedAt: Date.now(),
    });
  }

  private marker(text: string): void {
    this.options.emit(this.record('marker', text));
  }

  private record(kind: LogRecord['kind'], text: string): LogRecord {
    return { stream: this.ref, kind, timestamp: '', text, receivedAt: Date.now() };
  }

  private finish(state: StreamState): void {
    this.controller?.abort();
    this.options.clock.clearTimeout(this.retryTimer);
    this.options.clock.clearTimeout(this.leaveTimer);
    this.setState(state);
  }

  private setState(state: StreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(this);
  }
}
