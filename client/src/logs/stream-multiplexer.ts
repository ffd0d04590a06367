/**
 * All container streams of a tail in one flow of records: at most `maxStreams` hold a connection (or are
 * between reconnects), the rest wait in a queue in arrival order and take a slot as one ends; connects
 * and reconnects are paced by a token bucket. No hard limit on how many streams a tail has.
 */
import { systemClock, type BackoffOptions, type Clock } from '../cluster/backoff';
import { ContainerStream, FINAL_STATES, type StreamState } from './container-stream';
import type { LogOpener, LogStart } from './log-opener';
import { StartPacer } from './start-pacer';
import { streamId, type LogRecord, type StreamRef } from './types';

export interface MultiplexerOptions {
  open: LogOpener;
  emit: (record: LogRecord) => void;
  /** whether a container has terminated for good (its stream ending is final) */
  finished: (ref: StreamRef) => boolean;
  /** streams holding a connection at once. Default 100. */
  maxStreams?: number;
  /** connects per second after the burst. Default 50. */
  startsPerSecond?: number;
  /** connects at once. Default 20. */
  startBurst?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  now?: () => number;
  /** something changed that a status line shows (states, queue) */
  onChange?: () => void;
}

/** Counts per state, for the status line. */
export type StreamCounts = Record<StreamState, number>;

export class StreamMultiplexer {
  private readonly streams = new Map<string, ContainerStream>();
  /** ids holding a slot */
  private readonly active = new Set<string>();
  /** ids waiting for a slot, oldest first */
  private readonly waiting: string[] = [];
  private readonly pacer: StartPacer;
  private readonly clock: Clock;
  private readonly maxStreams: number;
  private disposed = false;

  constructor(private readonly options: MultiplexerOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxStreams = Math.max(1, options.maxStreams ?? 100);
    this.pacer = new StartPacer({
      perSecond: options.startsPerSecond ?? 50,
      burst: options.startBurst ?? 20,
      clock: this.clock,
      now: options.now,
    });
  }

  /** Adds a stream (ignored when it exists and has not ended). */
  add(ref: StreamRef, start: LogStart): void {
    if (this.disposed) return;
    const id = streamId(ref);
    const existing = this.streams.get(id);
    if (existing && !FINAL_STATES.has(existing.state)) return;
    const stream = new ContainerStream(ref, {
      open: this.options.open,
      clock: this.clock,
      backoff: this.options.backoff,
      start,
      schedule: (connect) => this.pacer.schedule(connect),
      emit: this.options.emit,
      finished: () => this.options.finished(ref),
      onState: (s) => this.stateChanged(id, s),
    });
    this.streams.set(id, stream);
    this.waiting.push(id);
    this.fill();
    this.options.onChange?.();
  }

  /** The container of a stream restarted. */
  restarted(ref: StreamRef, restartCount: number): void {
    this.streams.get(streamId(ref))?.restarted(restartCount);
  }

  /** Every stream of a pod ends (after `graceMs` of draining). */
  leave(uid: string, graceMs = 1000): void {
    for (const s of this.streams.values()) if (s.ref.uid === uid) s.leave(graceMs);
  }

  /** Streams in insertion order. */
  list(): ContainerStream[] {
    return [...this.streams.values()];
  }

  counts(): StreamCounts {
    const c: StreamCounts = {
      queued: 0,
      connecting: 0,
      streaming: 0,
      retrying: 0,
      ended: 0,
      left: 0,
      forbidden: 0,
      stopped: 0,
    };
    for (const s of this.streams.values()) c[s.state]++;
    return c;
  }

  /** Streams holding a slot. */
  get activeCount(): number {
    return this.active.size;
  }

  private stateChanged(id: string, stream: ContainerStream): void {
    if (FINAL_STATES.has(stream.state)) {
      this.active.delete(id);
      const i = this.waiting.indexOf(id);
      if (i >= 0) this.waiting.splice(i, 1);
    } else if (stream.state === 'queued' && !this.waiting.includes(id)) {
      this.active.delete(id);
      this.waiting.push(id); // an ended container restarted
    }
    this.fill();
    this.options.onChange?.();
  }

  /** Gives free slots to the oldest waiting streams. */
  private fill(): void {
    while (!this.disposed && this.active.size < this.maxStreams && this.waiting.length) {
      const id = this.waiting.shift()!;
      const stream = this.streams.get(id);
      if (!stream || stream.state !== 'queued') continue;
      this.active.add(id);
      stream.begin();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pacer.dispose();
    for (const s of this.streams.values()) s.stop();
    this.active.clear();
    this.waiting.length = 0;
  }
}
