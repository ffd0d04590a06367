/**
 * The tail's bounded memory of records, outside the JS heap: each record's timestamp and text as UTF-8 in
 * one byte ring, its other fields in typed arrays. A chatty tail passes tens of thousands of lines a
 * second through a buffer of 10,000: as objects they would each live long enough to be promoted and then
 * die in the old generation, growing the heap by hundreds of MB before a full collection; as bytes they
 * cost nothing to the collector. Records come back (decoded) only for pause, redraw, search and save.
 * Bounded by `maxRecords` and by `maxBytes` (default 1 KB a record, 1–256 MB; the oldest go first); both
 * stores grow on demand up to them.
 */
import type { LogRecord, StreamRef } from './types';
import { streamId } from './types';

export interface StoredRecord {
  seq: number;
  record: LogRecord;
}

const KINDS: readonly LogRecord['kind'][] = ['line', 'marker', 'error'];
const TRUNCATED = ' … [truncated]';
const TRUNCATED_BYTES = Buffer.byteLength(TRUNCATED);

export class RecordStore {
  private entryCap: number;
  private byteCap: number;
  private bytes: Buffer;
  private seqs: Float64Array;
  private received: Float64Array;
  private streamIdx: Uint32Array;
  private kinds: Uint8Array;
  private offsets: Uint32Array;
  /** bytes of the timestamp (ASCII), then of the text */
  private tsLens: Uint16Array;
  private lens: Uint32Array;
  private head = 0;
  private count = 0;
  /** where the next record's bytes go */
  private write = 0;
  /** bytes of the records held */
  private used = 0;
  /** streams by index; records of a stream share its StreamRef, markers make their own */
  private readonly streams: StreamRef[] = [];
  private readonly byRef = new WeakMap<StreamRef, number>();
  private readonly byId = new Map<string, number>();
  /** records dropped to stay within the bounds */
  dropped = 0;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes = Math.min(2 ** 28, Math.max(2 ** 20, maxRecords * 1024)),
  ) {
    if (!Number.isInteger(maxRecords) || maxRecords < 1)
      throw new RangeError(`maxRecords must be ≥ 1: ${maxRecords}`);
    this.entryCap = Math.min(maxRecords, 1024);
    this.byteCap = Math.min(maxBytes, 64 * 1024);
    this.bytes = Buffer.allocUnsafe(this.byteCap);
    this.seqs = new Float64Array(this.entryCap);
    this.received = new Float64Array(this.entryCap);
    this.streamIdx = new Uint32Array(this.entryCap);
    this.kinds = new Uint8Array(this.entryCap);
    this.offsets = new Uint32Array(this.entryCap);
    this.tsLens = new Uint16Array(this.entryCap);
    this.lens = new Uint32Array(this.entryCap);
  }

  get size(): number {
    return this.count;
  }

  push(seq: number, record: LogRecord): void {
    let text = record.text;
    const timestamp = record.timestamp.length <= 64 ? record.timestamp : '';
    const limit = Math.floor(this.maxBytes / 4) - timestamp.length;
    let textBytes = Buffer.byteLength(text);
    if (textBytes > limit) {
      // a line longer than a quarter of the store keeps its start (UTF-16 units ≤ bytes, so this fits)
      text = `${text.slice(0, Math.floor(Math.max(0, limit - TRUNCATED_BYTES) / 3))}${TRUNCATED}`;
      textBytes = Buffer.byteLength(text);
    }
    const n = timestamp.length + textBytes;
    if (this.count === this.entryCap) {
      if (this.entryCap < this.maxRecords)
        this.resize(Math.min(this.maxRecords, this.entryCap * 2), this.byteCap);
      else this.evict();
    }
    const at = this.place(n);
    this.bytes.write(timestamp, at, 'latin1');
    this.bytes.write(text, at + timestamp.length, 'utf8');
    const i = (this.head + this.count++) % this.entryCap;
    this.seqs[i] = seq;
    this.received[i] = record.receivedAt;
    this.streamIdx[i] = this.streamIndex(record.stream);
    this.kinds[i] = KINDS.indexOf(record.kind);
    this.offsets[i] = at;
    this.tsLens[i] = timestamp.length;
    this.lens[i] = n;
    this.write = at + n;
    this.used += n;
  }

  /** Oldest first, decoded. */
  toArray(): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.entry((this.head + k) % this.entryCap));
    return out;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.write = 0;
    this.used = 0;
  }

  private entry(i: number): StoredRecord {
    const at = this.offsets[i]!;
    const ts = this.tsLens[i]!;
    return {
      seq: this.seqs[i]!,
      record: {
        stream: this.streams[this.streamIdx[i]!]!,
        kind: KINDS[this.kinds[i]!]!,
        timestamp: this.bytes.toString('latin1', at, at + ts),
        text: this.bytes.toString('utf8', at + ts, at + this.lens[i]!),
        receivedAt: this.received[i]!,
      },
    };
  }

  /**
   * Where `n` bytes go: after the newest record, else from the start of the ring. Below `maxBytes` the
   * ring grows rather than drop a record; at `maxBytes` the oldest records in the way are dropped.
   */
  private place(n: number): number {
    for (;;) {
      if (this.write + n <= this.byteCap) {
        if (!this.count || !this.overlaps(this.head, this.write, n)) return this.write;
      } else if (!this.count || this.offsets[this.head]! < this.write) {
        // nothing stored past the newest record: wrap, unless over half full while it may still grow
        if (this.byteCap === this.maxBytes || this.used + n <= this.byteCap / 2) {
          this.write = 0;
          continue;
        }
      } // else the oldest records lie at the end of the ring (the ring has wrapped): they are in the way
      if (this.byteCap < this.maxBytes) this.grow(n);
      else this.evict();
    }
  }

  /** At least doubles the byte ring (up to `maxBytes`), packing the records from 0. */
  private grow(n: number): void {
    let cap = Math.min(this.maxBytes, this.byteCap * 2);
    while (cap / 2 < this.used + n && cap < this.maxBytes) cap = Math.min(this.maxBytes, cap * 2);
    this.resize(this.entryCap, cap);
  }

  private overlaps(i: number, at: number, n: number): boolean {
    const start = this.offsets[i]!;
    return start < at + n && at < start + this.lens[i]!;
  }

  private evict(): void {
    this.used -= this.lens[this.head]!;
    this.head = (this.head + 1) % this.entryCap;
    this.count--;
    this.dropped++;
  }

  /** New capacities, the records packed oldest first from index 0 and byte 0. */
  private resize(entryCap: number, byteCap: number): void {
    const order = Array.from({ length: this.count }, (_, k) => (this.head + k) % this.entryCap);
    const pack = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(from: T, to: T): T => {
      order.forEach((i, k) => (to[k] = from[i]!));
      return to;
    };
    const bytes = Buffer.allocUnsafe(byteCap);
    const offsets = new Uint32Array(entryCap);
    let write = 0;
    order.forEach((i, k) => {
      const at = this.offsets[i]!;
      this.bytes.copy(bytes, write, at, at + this.lens[i]!);
      offsets[k] = write;
      write += this.lens[i]!;
    });
    this.seqs = pack(this.seqs, new Float64Array(entryCap));
    this.received = pack(this.received, new Float64Array(entryCap));
    this.streamIdx = pack(this.streamIdx, new Uint32Array(entryCap));
    this.kinds = pack(this.kinds, new Uint8Array(entryCap));
    this.tsLens = pack(this.tsLens, new Uint16Array(entryCap));
    this.lens = pack(this.lens, new Uint32Array(entryCap));
    this.offsets = offsets;
    this.bytes = bytes;
    this.entryCap = entryCap;
    this.byteCap = byteCap;
    this.head = 0;
    this.write = write;
  }

  private streamIndex(ref: StreamRef): number {
    let i = this.byRef.get(ref);
    if (i !== undefined) return i;
    const id = streamId(ref);
    i = this.byId.get(id);
    if (i === undefined) {
      i = this.streams.length;
      this.streams.push(ref);
      this.byId.set(id, i);
    }
    this.byRef.set(ref, i);
    return i;
  }
}
