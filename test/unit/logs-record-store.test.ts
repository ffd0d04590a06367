/**
 * The tail's record store (records as bytes in a ring, outside the JS heap): what comes back is always the
 * newest records exactly as pushed (multi-byte text included), within both bounds, through growth and
 * wrap-around; long lines are cut, streams keep their identity.
 */
import * as assert from 'node:assert/strict';
import { RecordStore } from '../../client/src/logs/record-store';
import type { LogRecord, StreamRef } from '../../client/src/logs/types';
import { createRng } from '../helpers/prng';

const ref = (pod: string, container = 'app'): StreamRef => ({
  namespace: 'shop',
  pod,
  uid: `uid-${pod}`,
  container,
  init: false,
});

const WORDS = [
  'GET /cart',
  'ok',
  'naïve café',
  '日本語のログ',
  'emoji 🚀🔥',
  '',
  'x'.repeat(120),
  '{"level":"info"}',
];

function record(rng: ReturnType<typeof createRng>, streams: StreamRef[], i: number): LogRecord {
  const kind = rng.chance(0.05) ? 'marker' : rng.chance(0.02) ? 'error' : 'line';
  const words = Array.from({ length: rng.int(0, 4) }, () => rng.pick(WORDS));
  return {
    stream: rng.pick(streams),
    kind,
    timestamp: kind === 'line' ? `2026-11-22T08:00:${String(i % 60).padStart(2, '0')}.${i}Z` : '',
    text: `${i} ${words.join(' ')}`,
    receivedAt: 1_700_000_000_000 + i,
  };
}

/** Whether `stored` is `pushed` cut because it was longer than a quarter of the store. */
const asCut = (stored: string, pushed: string, maxBytes: number): boolean =>
  stored !== pushed &&
  Buffer.byteLength(pushed) > maxBytes / 4 - 30 &&
  stored.endsWith(' … [truncated]') &&
  pushed.startsWith(stored.slice(0, -' … [truncated]'.length));

const bytesOf = (r: LogRecord) => Buffer.byteLength(r.timestamp) + Buffer.byteLength(r.text);

describe('logs: record store', () => {
  it('keeps the newest maxRecords records, dropping the oldest', () => {
    const s = new RecordStore(3);
    const a = ref('web-1');
    for (let i = 1; i <= 7; i++)
      s.push(i, { stream: a, kind: 'line', timestamp: '', text: `line ${i}`, receivedAt: i });
    assert.deepEqual(
      s.toArray().map((e) => [e.seq, e.record.text, e.record.receivedAt]),
      [
        [5, 'line 5', 5],
        [6, 'line 6', 6],
        [7, 'line 7', 7],
      ],
    );
    assert.equal(s.size, 3);
    assert.equal(s.dropped, 4);
    s.clear();
    assert.deepEqual(s.toArray(), []);
    assert.throws(() => new RecordStore(0), RangeError);
  });

  for (const [maxRecords, maxBytes] of [
    [50, 600],
    [400, 2000],
    [5000, 1 << 20],
  ] as const) {
    it(`returns exactly the newest records within ${maxRecords} records / ${maxBytes} bytes`, () => {
      const rng = createRng(maxRecords * 7 + maxBytes);
      const streams = [ref('web-1'), ref('web-2'), ref('web-2', 'istio-proxy'), ref('db-0')];
      const s = new RecordStore(maxRecords, maxBytes);
      const pushed: LogRecord[] = [];
      for (let i = 0; i < 6000; i++) {
        const r = record(rng, streams, i);
        pushed.push(r);
        s.push(i, r);
        if (i % 97 !== 0 && i !== 5999) continue;
        const got = s.toArray();
        assert.ok(got.length >= 1 && got.length <= maxRecords, `size ${got.length}`);
        const expected = pushed.slice(pushed.length - got.length);
        assert.deepEqual(
          got.map((e) => e.record),
          expected.map((r, k) =>
            asCut(got[k]!.record.text, r.text, maxBytes) ? { ...r, text: got[k]!.record.text } : r,
          ),
          `the store holds the last ${got.length} records as pushed`,
        );
        assert.deepEqual(
          got.map((e) => e.seq),
          expected.map((_, k) => pushed.length - got.length + k),
        );
        assert.ok(got.reduce((n, e) => n + bytesOf(e.record), 0) <= maxBytes);
        assert.equal(s.dropped, pushed.length - got.length);
        // nothing dropped while the newest records plus the next older one would have fitted both bounds
        if (got.length < pushed.length && got.length < maxRecords) {
          const withOlder = pushed.slice(pushed.length - got.length - 1);
          const total = withOlder.reduce((n, r) => n + bytesOf(r), 0);
          assert.ok(total > maxBytes / 2, `dropped with only ${total} of ${maxBytes} bytes in use`);
        }
      }
    });
  }

  it('cuts a line longer than a quarter of the store, keeping its start', () => {
    const s = new RecordStore(10, 4000);
    const long = `start ${'é'.repeat(5000)}`;
    s.push(1, { stream: ref('web-1'), kind: 'line', timestamp: '', text: long, receivedAt: 1 });
    s.push(2, { stream: ref('web-1'), kind: 'line', timestamp: '', text: 'after', receivedAt: 2 });
    const [first, second] = s.toArray();
    assert.ok(first!.record.text.startsWith('start éé'));
    assert.ok(first!.record.text.endsWith(' … [truncated]'));
    assert.ok(Buffer.byteLength(first!.record.text) <= 1000);
    assert.equal(second!.record.text, 'after');
  });

  it('gives back the stream of each record (one per stream id)', () => {
    const s = new RecordStore(10);
    const a = ref('web-1');
    const sameId = { ...a };
    s.push(1, { stream: a, kind: 'line', timestamp: '', text: 'a', receivedAt: 1 });
    s.push(2, { stream: sameId, kind: 'marker', timestamp: '', text: 'restarted', receivedAt: 2 });
    s.push(3, { stream: ref('web-2'), kind: 'error', timestamp: '', text: 'forbidden', receivedAt: 3 });
    const got = s.toArray().map((e) => e.record);
    assert.equal(got[0]!.stream, a);
    assert.equal(got[1]!.stream, a);
    assert.equal(got[2]!.stream.pod, 'web-2');
    assert.deepEqual(
      got.map((r) => r.kind),
      ['line', 'marker', 'error'],
    );
  });
});
