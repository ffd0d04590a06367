/**
 * The per-line fast paths of the log tail agree with the general code they shortcut: timestamps parsed
 * without a regex, the terminal line rendered without segments, lines split without arrays, bodies read
 * through `data` events (end, failure and abort included).
 */
import * as assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { readBody } from '../../client/src/logs/body-reader';
import { LineFilters } from '../../client/src/logs/line-filters';
import { LineFormatter, shortTime } from '../../client/src/logs/line-formatter';
import { LineSplitter } from '../../client/src/logs/line-splitter';
import { renderAnsi } from '../../client/src/logs/segments';
import { parseInstant } from '../../client/src/logs/timestamp';
import type { LogRecord, StreamRef } from '../../client/src/logs/types';
import { createRng } from '../helpers/prng';

/** The general rule: RFC 3339 by Date.parse, the fraction to nanoseconds. */
function reference(text: string): { seconds: number; nanos: number } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return { seconds: ms / 1000, nanos: m[2] ? Number(m[2].slice(1).padEnd(9, '0')) : 0 };
}

describe('logs: per-line fast paths', () => {
  it('parses timestamps like Date.parse, rejecting what it rejects', () => {
    const rng = createRng(42);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const cases = [
      '2024-02-29T23:59:59.999999999Z',
      '2023-02-29T00:00:00Z', // not a leap year
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:60:00Z',
      '2024-01-01T10:00:60Z',
      '2024-01-01T10:00:00.Z',
      '2024-01-01T10:00:00.1234567890Z',
      '2024-01-01T10:00:00+02:00',
      '2024-01-01T10:00:00.5-07:30',
      '0099-01-01T00:00:00Z',
      '2024-1-01T00:00:00Z',
      '2024-01-01 10:00:00Z',
      '2024-01-0aT10:00:00Z',
      'not a timestamp',
    ];
    for (let i = 0; i < 3000; i++) {
      const frac = rng.chance(0.8) ? `.${String(rng.int(0, 999_999_999)).slice(0, rng.int(1, 9))}` : '';
      cases.push(
        `${pad(rng.int(1969, 2100), 4)}-${pad(rng.int(0, 13))}-${pad(rng.int(0, 32))}T${pad(rng.int(0, 24))}:${pad(rng.int(0, 60))}:${pad(rng.int(0, 60))}${frac}Z`,
      );
    }
    for (const c of cases) assert.deepEqual(parseInstant(c), reference(c), c);
  });

  it('renders the terminal line exactly as the segments would', () => {
    const stream: StreamRef = {
      namespace: 'shop',
      pod: 'cart-7d9f-x2',
      uid: 'u1',
      container: 'app',
      init: false,
    };
    const other: StreamRef = { ...stream, pod: 'a-very-long-pod-name-that-widens-the-column', uid: 'u2' };
    const texts = [
      'plain line',
      '  indented',
      '\tGET /x 200',
      'escape \x1b[31mred\x1b[0m and bell \x07',
      '{"level":"error","msg":"boom","code":7}',
      '  {"message":"hi"}',
      '[2024-05-01T10:00:00.000Z] "GET /api HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure} - "-" 0 91 3 - "-" "curl/8" "id" "cart:8080" "10.0.0.1:8080" outbound|8080||cart.shop.svc.cluster.local 10.0.0.2:4000 10.0.0.1:8080 10.0.0.3:5000 - default',
      '',
    ];
    for (const timestamps of [false, true])
      for (const highlight of [undefined, /line|boom/i]) {
        const fast = new LineFormatter({ timestamps, expandJson: false });
        const slow = new LineFormatter({ timestamps, expandJson: false });
        for (const [k, text] of texts.entries())
          for (const kind of ['line', 'marker', 'error'] as const) {
            const r: LogRecord = {
              stream: k % 3 === 2 ? other : stream,
              kind,
              timestamp: k % 2 ? '2024-05-01T10:00:07.5Z' : '2024-05-01T10:00:07.123456789Z',
              text,
              receivedAt: 0,
            };
            assert.equal(fast.ansi(r, highlight), renderAnsi(slow.format(r, highlight)), JSON.stringify(r));
          }
      }
    assert.equal(shortTime('2024-05-01T10:00:07.5Z'), '10:00:07.500');
    assert.equal(shortTime('2024-05-01T10:00:07.123456789Z'), '10:00:07.123');
    assert.equal(shortTime('2024-05-01T10:00:07Z'), '10:00:07.000');
    assert.ok(!new LineFilters().filtering);
  });

  it('splits lines across chunks, multi-byte characters and CRLF', () => {
    const text = 'héllo wörld\r\n日本語\n\nlast 🚀 line\npartial';
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 5, 64]) {
      const s = new LineSplitter();
      const lines: string[] = [];
      for (let i = 0; i < bytes.length; i += size)
        s.forEachLine(bytes.subarray(i, i + size), (l) => lines.push(l));
      assert.deepEqual(lines, ['héllo wörld', '日本語', '', 'last 🚀 line'], `chunks of ${size}`);
      assert.equal(s.rest(), 'partial');
    }
  });

  it('reads a Node readable through events: to its end, or failing when destroyed', async () => {
    const chunks: string[] = [];
    await readBody(Readable.from([Buffer.from('a\n'), Buffer.from('b\n')]), (c) =>
      chunks.push(Buffer.from(c).toString()),
    );
    assert.deepEqual(chunks, ['a\n', 'b\n']);

    const failing = new PassThrough();
    const read = readBody(failing, () => {});
    failing.write('x');
    failing.destroy(new Error('connection reset'));
    await assert.rejects(read, /connection reset/);

    const aborted = new PassThrough();
    const got: string[] = [];
    const reading = readBody(aborted, (c) => got.push(Buffer.from(c).toString()));
    aborted.write('first\n');
    await new Promise((r) => setImmediate(r));
    aborted.destroy(); // no error: closed before its end
    await assert.rejects(reading, /closed before its end/);
    assert.deepEqual(got, ['first\n']);

    const iterated: string[] = [];
    async function* fake() {
      yield new TextEncoder().encode('from an async iterable');
    }
    await readBody(fake(), (c) => iterated.push(new TextDecoder().decode(c)));
    assert.deepEqual(iterated, ['from an async iterable']);
  });
});
