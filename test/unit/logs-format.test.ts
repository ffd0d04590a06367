/**
 * The pure formatting side of aggregated logs: Envoy access-log parsing on Istio's default format, JSON
 * level + message, styled segments and highlighting, stable colours, filters, the write batcher and the terminal keys.
 */
import * as assert from 'node:assert/strict';
import { parseEnvoyAccessLog, isEnvoyProblem } from '../../client/src/logs/envoy-access-log';
import { parseJsonLine } from '../../client/src/logs/json-line';
import { LineFilters } from '../../client/src/logs/line-filters';
import { LineFormatter, shortTime } from '../../client/src/logs/line-formatter';
import { highlight, renderAnsi, renderPlain, RED } from '../../client/src/logs/segments';
import { streamColor } from '../../client/src/logs/stream-colors';
import { TailKeys } from '../../client/src/logs/tail-keys';
import type { LogRecord } from '../../client/src/logs/types';
import { WriteBatcher } from '../../client/src/logs/write-batcher';
import type { Clock } from '../../client/src/cluster/backoff';

/** Lines as istio-proxy 1.x writes them with the default TEXT format (from Istio's docs and a kind cluster). */
const ENVOY = {
  ok: '[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" "curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default',
  uh: '[2021-01-21T11:25:46.212Z] "GET /productpage HTTP/1.1" 503 UH no_healthy_upstream - "-" 0 19 0 - "10.244.0.1" "curl/7.68.0" "c3e5f6a8-1b2e-9d3c-8f0e-4b8d1f2e3a4c" "productpage:9080" "-" outbound|9080||productpage.bookinfo.svc.cluster.local - 10.96.138.37:9080 10.244.0.12:51234 - default',
  tcp: '[2023-04-11T09:12:01.003Z] "- - -" 0 - - - "-" 1234 5678 100 - "-" "-" "-" "-" "10.244.1.5:3306" outbound|3306||mysqldb.default.svc.cluster.local 10.244.0.9:41234 10.96.12.34:3306 10.244.0.9:41232 - -',
  inbound:
    '[2024-06-03T14:02:11.538Z] "GET /reviews/0 HTTP/1.1" 200 - via_upstream - "-" 0 358 6 5 "-" "Apache-CXF/3.1.18" "0b8f2c5e-8c4d-9b5d-a7f3-2e9d2f0b8b1a" "reviews:9080" "10.244.0.15:9080" inbound|9080|| 127.0.0.6:43215 10.244.0.15:9080 10.244.0.13:52748 outbound_.9080_.v2_.reviews.bookinfo.svc.cluster.local default',
};

const record = (text: string, extra: Partial<LogRecord> = {}): LogRecord => ({
  stream: { namespace: 'bookinfo', pod: 'reviews-v1-abc', uid: 'u1', container: 'app', init: false },
  kind: 'line',
  timestamp: '2024-06-03T14:02:11.538123456Z',
  text,
  receivedAt: 0,
  ...extra,
});

describe('logs: Envoy access log', () => {
  it('parses a request line', () => {
    const e = parseEnvoyAccessLog(ENVOY.ok)!;
    assert.equal(e.method, 'GET');
    assert.equal(e.path, '/status/418');
    assert.equal(e.protocol, 'HTTP/1.1');
    assert.equal(e.responseCode, 418);
    assert.equal(e.responseFlags, '-');
    assert.equal(e.durationMs, 4);
    assert.equal(e.upstreamServiceTimeMs, 4);
    assert.equal(e.authority, 'httpbin:8000');
    assert.equal(e.upstreamHost, '10.44.1.27:80');
    assert.equal(e.upstreamCluster, 'outbound|8000||httpbin.foo.svc.cluster.local');
    assert.equal(e.route, 'default');
    assert.equal(isEnvoyProblem(e), false);
  });
  it('parses a 503 with a response flag and highlights both', () => {
    const e = parseEnvoyAccessLog(ENVOY.uh)!;
    assert.equal(e.responseCode, 503);
    assert.equal(e.responseFlags, 'UH');
    assert.equal(e.responseCodeDetails, 'no_healthy_upstream');
    assert.equal(e.upstreamServiceTimeMs, undefined);
    assert.ok(isEnvoyProblem(e));
    const segs = new LineFormatter({ timestamps: false, expandJson: false }).format(record(ENVOY.uh));
    assert.equal(
      renderPlain(segs),
      'reviews-v1-abc/app GET /productpage 503 0ms UH no_healthy_upstream → outbound|9080||productpage.bookinfo.svc.cluster.local',
    );
    assert.equal(segs.find((s) => s.text === '503')?.style?.fg, RED);
    assert.equal(segs.find((s) => s.text === ' UH')?.style?.fg, RED);
  });
  it('parses TCP and inbound lines', () => {
    const tcp = parseEnvoyAccessLog(ENVOY.tcp)!;
    assert.equal(tcp.method, '-');
    assert.equal(tcp.responseCode, 0);
    assert.equal(tcp.bytesReceived, 1234);
    assert.equal(tcp.durationMs, 100);
    const inbound = parseEnvoyAccessLog(ENVOY.inbound)!;
    assert.equal(inbound.upstreamCluster, 'inbound|9080||');
    assert.equal(inbound.responseCode, 200);
  });
  it('leaves other lines alone', () => {
    assert.equal(parseEnvoyAccessLog('2024-01-01T00:00:00.000Z info ads XDS: Pushing'), undefined);
    assert.equal(parseEnvoyAccessLog('[2024-01-01T00:00:00.000Z] "GET / HTTP/1.1" abc'), undefined);
    assert.equal(
      parseEnvoyAccessLog('[not a time] "GET / HTTP/1.1" 200 - a b "-" 1 2 3 4 "-" "-" "-" "-" "-" c'),
      undefined,
    );
  });
});

describe('logs: JSON lines and formatting', () => {
  it('pulls level and message, folds or expands the rest', () => {
    const j = parseJsonLine('{"level":"warning","ts":1717,"msg":"slow call","caller":"svc.go:12","ms":812}')!;
    assert.equal(j.level, 'warn');
    assert.equal(j.message, 'slow call');
    assert.deepEqual(j.rest, [
      ['caller', 'svc.go:12'],
      ['ms', 812],
    ]);
    const f = new LineFormatter({ timestamps: false, expandJson: false });
    const line = record('{"level":"warning","ts":1717,"msg":"slow call","caller":"svc.go:12","ms":812}');
    assert.equal(renderPlain(f.format(line)), 'reviews-v1-abc/app WARN  slow call {+2}');
    f.options.expandJson = true;
    assert.equal(renderPlain(f.format(line)), 'reviews-v1-abc/app WARN  slow call caller=svc.go:12 ms=812');
    assert.equal(parseJsonLine('{"level":50,"msg":"x"}')!.level, 'error'); // pino numbers
    assert.equal(parseJsonLine('[1,2]'), undefined);
    assert.equal(parseJsonLine('{broken'), undefined);
  });
  it('shows timestamps on request and lines up prefixes', () => {
    const f = new LineFormatter({ timestamps: true, expandJson: false });
    assert.equal(shortTime('2024-06-03T14:02:11.5Z'), '14:02:11.500');
    assert.equal(renderPlain(f.format(record('hello'))), 'reviews-v1-abc/app 14:02:11.538 hello');
    const other = record('x', {
      stream: { namespace: 'n', pod: 'db-0', uid: 'u2', container: 'app', init: false },
    });
    assert.equal(renderPlain(f.format(other)), 'db-0/app           14:02:11.538 x');
    assert.equal(
      renderPlain(f.format(record('container restarted (restart 1)', { kind: 'marker', timestamp: '' }))),
      'reviews-v1-abc/app ── container restarted (restart 1) ──',
    );
  });
  it('gives each stream a stable colour', () => {
    assert.equal(streamColor('reviews-v1-abc/app'), streamColor('reviews-v1-abc/app'));
    const colors = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => streamColor(`${p}/app`)));
    assert.ok(colors.size >= 4);
    const ansi = renderAnsi(new LineFormatter({ timestamps: false, expandJson: false }).format(record('hi')));
    assert.ok(ansi.startsWith(`\x1b[38;5;${streamColor('reviews-v1-abc/app')}m`));
  });
  it('highlights matches without breaking styles and neutralises escapes in log text', () => {
    const segs = highlight([{ text: 'error: disk error', style: { fg: 1 } }], /error/);
    assert.deepEqual(
      segs.map((s) => [s.text, !!s.style?.inverse]),
      [
        ['error', true],
        [': disk ', false],
        ['error', true],
      ],
    );
    assert.equal(renderAnsi([{ text: 'a\x1b[2Jb\x07' }]), 'a␛[2Jb');
  });
});

describe('logs: filters, buffer, batching, keys', () => {
  it('includes and excludes on prefix + text, with smart case', () => {
    const f = new LineFilters();
    assert.ok(f.passes('web-1/app', 'anything'));
    f.set('include', 'error|warn');
    assert.ok(f.passes('web-1/app', 'ERROR boom'));
    assert.ok(!f.passes('web-1/app', 'info ok'));
    f.set('exclude', 'healthz');
    assert.ok(!f.passes('web-1/app', 'error at /healthz'));
    f.set('include', 'web-2');
    assert.ok(f.passes('web-2/app', 'x'));
    f.set('include', 'Error');
    assert.ok(!f.passes('web-1/app', 'error lower'));
    assert.throws(() => f.set('include', '('), SyntaxError);
    assert.equal(f.describe(), 'include=/Error/ exclude=/healthz/');
    f.set('include', undefined);
    f.set('exclude', '');
    assert.equal(f.describe(), '');
  });
  it('batches writes within the window and flushes early when large', () => {
    const timers: (() => void)[] = [];
    const clock: Clock = { setTimeout: (cb) => timers.push(cb), clearTimeout: () => {} };
    const out: string[] = [];
    const w = new WriteBatcher((t) => out.push(t), 16, 10, clock);
    w.write('a\n');
    w.write('b\n');
    assert.deepEqual(out, []);
    timers.shift()!();
    assert.deepEqual(out, ['a\nb\n']);
    w.write('0123456789');
    assert.deepEqual(out, ['a\nb\n', '0123456789']);
  });
  it('maps keys and prompts to actions', () => {
    const k = new TailKeys();
    assert.deepEqual(k.input('p'), [{ type: 'togglePause' }]);
    assert.deepEqual(k.input('i'), [{ type: 'prompt', prompt: 'include /' }]);
    assert.deepEqual(k.input('err'), [{ type: 'prompt', prompt: 'include /err' }]);
    assert.deepEqual(k.input('\x7f'), [{ type: 'prompt', prompt: 'include /er' }]);
    assert.deepEqual(k.input('\r'), [
      { type: 'prompt', prompt: undefined },
      { type: 'filter', kind: 'include', pattern: 'er' },
    ]);
    k.input('/');
    assert.deepEqual(k.input('\x1b'), [{ type: 'prompt', prompt: undefined }]);
    assert.deepEqual(k.input('o'), [{ type: 'openInEditor' }]);
    assert.deepEqual(k.input('q'), [{ type: 'stop' }]);
  });
});
