/**
 * A TailSession over a fake pods cache and a fake log server: output is batched ANSI text, pause holds
 * the output and resume replays it, the buffer stays within its bound, a filter change redraws.
 */
import * as assert from 'node:assert/strict';
import type { CacheChange } from '../../client/src/cluster/watch-cache';
import type { LogRequest } from '../../client/src/logs/log-opener';
import { DEFAULT_TAIL_OPTIONS } from '../../client/src/logs/tail-options';
import { TailSession } from '../../client/src/logs/tail-session';
import type { PodObject } from '../../client/src/logs/types';

const pod = (name: string): PodObject => ({
  metadata: { name, namespace: 'shop', uid: name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 0 }] },
});

/** Each opened stream sends `lines` timestamped lines `<pod> <n>` and stays open until aborted. */
function server(lines: number) {
  return async (req: LogRequest): Promise<AsyncIterable<Uint8Array>> => {
    const text = Array.from(
      { length: lines },
      (_, i) =>
        `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}Z ${req.pod} ${i + 1}\n`,
    ).join('');
    return (async function* () {
      yield new TextEncoder().encode(text);
      await new Promise((resolve) => req.signal.addEventListener('abort', resolve));
    })();
  };
}

const pods = (list: PodObject[]) => ({
  snapshot: () => list,
  onDidChange: (_l: (c: CacheChange) => void) => ({ dispose: () => {} }),
});

const settle = () => new Promise((r) => setTimeout(r, 30));
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

describe('logs: tail session', () => {
  it('writes batched lines, pauses, resumes and keeps a bounded buffer', async () => {
    const out: string[] = [];
    const t = new TailSession(
      {
        ...DEFAULT_TAIL_OPTIONS,
        target: { type: 'selector', namespace: 'shop', selector: 'app=web' },
        bufferLines: 50,
        batchMs: 5,
      },
      {
        pods: pods([pod('web-1'), pod('web-2')]),
        lookup: () => undefined,
        open: server(40),
        write: (x) => out.push(x),
      },
    );
    t.start();
    await settle();
    assert.equal(t.delivered, 80);
    assert.ok(out.length < 10, `batched: ${out.length} writes`);
    const text = plain(out.join(''));
    assert.match(text, /^web-1\/app web-1 1\r\n/);
    assert.equal(text.split('\r\n').filter((l) => l.includes(' web-2 ')).length, 40);
    assert.equal(t.records().length, 50);
    assert.equal(t.status().droppedFromBuffer, 30);
    assert.equal(t.status().streams.streaming, 2);

    t.pause();
    const written = out.length;
    t.setFilter('include', 'web-1 3');
    assert.equal(t.status().state, 'paused');
    t.resume();
    assert.ok(out.length > written);
    t.stop();
    assert.equal(t.status().state, 'stopped');
    assert.equal(
      t.streams().every((s) => s.state === 'stopped'),
      true,
    );
  });
  it('redraws the buffer under a new filter', async () => {
    const out: string[] = [];
    const t = new TailSession(
      { ...DEFAULT_TAIL_OPTIONS, target: { type: 'pod', namespace: 'shop', name: 'web-1' }, batchMs: 1 },
      { pods: pods([pod('web-1')]), lookup: () => undefined, open: server(12), write: (x) => out.push(x) },
    );
    t.start();
    await settle();
    out.length = 0;
    t.setFilter('include', ' 1[01]$');
    const shown = plain(out.join(''))
      .split('\r\n')
      .filter((l) => l.startsWith('web-1'));
    assert.deepEqual(shown, ['web-1/app web-1 10', 'web-1/app web-1 11']);
    assert.deepEqual(t.plainLines(/web-1 12$/), ['web-1/app web-1 12']);
    t.stop();
  });

  it('lists the last matches of a search under a count, matches highlighted', async () => {
    const t = new TailSession(
      { ...DEFAULT_TAIL_OPTIONS, target: { type: 'pod', namespace: 'shop', name: 'web-1' }, batchMs: 1 },
      { pods: pods([pod('web-1')]), lookup: () => undefined, open: server(12), write: () => {} },
    );
    t.start();
    await settle();
    const report = t.searchReport(/web-1 1\d$/, 2);
    assert.deepEqual(plain(report).split('\r\n').filter(Boolean), [
      'meshwright ── search /web-1 1\\d$/: 3 buffered lines match, the last 2: ──',
      'web-1/app  web-1 11',
      'web-1/app  web-1 12',
      'meshwright ── end of matches · o opens them all in an editor ──',
    ]);
    assert.ok(report.includes('\x1b[1;7mweb-1 11\x1b[0m'), 'the match is shown inverse and bold');
    assert.match(
      plain(t.searchReport(/nothing/)),
      /no buffered line matches; new matches are highlighted live/,
    );
    t.stop();
  });
});
