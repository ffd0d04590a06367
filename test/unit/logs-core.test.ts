/**
 * The pure streaming side of aggregated logs: timestamps and resume de-duplication, label selectors and
 * target resolution, container selection, line splitting, start pacing, the pod-set tracker over a fake
 * cache and the multiplexer over a fake opener (cap, queue, reconnect from sinceTime, restart, 403).
 */
import * as assert from 'node:assert/strict';
import type { Clock } from '../../client/src/cluster/backoff';
import { TransportError } from '../../client/src/cluster/transport';
import type { CacheChange } from '../../client/src/cluster/watch-cache';
import { selectContainers } from '../../client/src/logs/containers';
import {
  matchesLabels,
  parseLabelSelector,
  selectorRequirements,
} from '../../client/src/logs/label-selector';
import { LineSplitter } from '../../client/src/logs/line-splitter';
import type { LogRequest } from '../../client/src/logs/log-opener';
import { PodSetTracker } from '../../client/src/logs/pod-tracker';
import { ResumeDeduplicator } from '../../client/src/logs/resume-dedup';
import { StartPacer } from '../../client/src/logs/start-pacer';
import { StreamMultiplexer, type MultiplexerOptions } from '../../client/src/logs/stream-multiplexer';
import { parseSince } from '../../client/src/logs/tail-options';
import { parseTypedTarget, resolveTarget, targetOfResource } from '../../client/src/logs/target';
import {
  compareInstants,
  parseInstant,
  resumeSinceTime,
  splitTimestamp,
} from '../../client/src/logs/timestamp';
import type { LogRecord, PodObject, StreamRef } from '../../client/src/logs/types';

const pod = (name: string, labels: Record<string, string>, extra: Partial<PodObject> = {}): PodObject => ({
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels },
  spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }], initContainers: [{ name: 'istio-init' }] },
  status: { containerStatuses: [{ name: 'app', restartCount: 0 }] },
  ...extra,
});

const tick = () => new Promise((r) => setImmediate(r));

describe('logs: timestamps and de-duplication', () => {
  it('parses kubelet timestamps at nanosecond precision', () => {
    const a = parseInstant('2024-05-01T10:00:00.123456789Z')!;
    const b = parseInstant('2024-05-01T10:00:00.1234568Z')!; // trailing zeros trimmed: not sortable as text
    assert.ok(compareInstants(a, b) < 0);
    assert.equal(resumeSinceTime(b), '2024-05-01T10:00:00Z');
    assert.deepEqual(splitTimestamp('2024-05-01T10:00:01Z hello world')?.text, 'hello world');
    assert.equal(splitTimestamp('no timestamp here'), undefined);
  });
  it('drops exactly the replayed overlap after a resume', () => {
    const d = new ResumeDeduplicator();
    const t = (s: string) => parseInstant(`2024-05-01T10:00:0${s}Z`)!;
    assert.ok(d.accept(t('0.1'), 'a'));
    assert.ok(d.accept(t('0.2'), 'b'));
    assert.ok(d.accept(t('0.2'), 'b')); // two identical lines in the same instant stay two
    d.resume(); // the server repeats the second
    assert.ok(!d.accept(t('0.1'), 'a'));
    assert.ok(!d.accept(t('0.2'), 'b'));
    assert.ok(!d.accept(t('0.2'), 'b'));
    assert.ok(d.accept(t('0.2'), 'c')); // new at the same instant
    assert.ok(d.accept(t('0.3'), 'b'));
  });
  it('splits chunks into lines across UTF-8 boundaries', () => {
    const s = new LineSplitter();
    const lines = (chunk: Uint8Array) => {
      const out: string[] = [];
      s.forEachLine(chunk, (l) => out.push(l));
      return out;
    };
    const bytes = new TextEncoder().encode('héllo\r\nwor');
    assert.deepEqual(lines(bytes.subarray(0, 2)), []);
    assert.deepEqual(lines(bytes.subarray(2)), ['héllo']);
    assert.deepEqual(lines(new TextEncoder().encode('ld\n')), ['world']);
    lines(new TextEncoder().encode('tail'));
    assert.equal(s.rest(), 'tail');
  });
  it('parses since durations', () => {
    assert.equal(parseSince('10m'), 600);
    assert.equal(parseSince('2h'), 7200);
    assert.equal(parseSince('45'), 45);
    assert.equal(parseSince(''), undefined);
    assert.equal(parseSince('soon'), undefined);
  });
});

describe('logs: targets and containers', () => {
  it('parses and matches label selectors', () => {
    const reqs = parseLabelSelector('app=web, version!=v1,env in (prod, staging),!legacy,team');
    assert.ok(matchesLabels(reqs, { app: 'web', version: 'v2', env: 'prod', team: 'a' }));
    assert.ok(!matchesLabels(reqs, { app: 'web', version: 'v1', env: 'prod', team: 'a' }));
    assert.ok(!matchesLabels(reqs, { app: 'web', env: 'dev', team: 'a' }));
    assert.ok(!matchesLabels(reqs, { app: 'web', env: 'prod', team: 'a', legacy: 'y' }));
    assert.throws(() => parseLabelSelector('app==='), /invalid label selector/);
    const obj = selectorRequirements({
      matchLabels: { app: 'db' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }],
    });
    assert.ok(matchesLabels(obj, { app: 'db', tier: 'y' }));
    assert.ok(!matchesLabels(obj, { app: 'db', tier: 'x' }));
  });
  it('resolves workloads, services, namespaces, pods, selectors and regexes', () => {
    const objects: Record<string, object> = {
      'Deployment/shop/web': {
        metadata: { name: 'web' },
        spec: { selector: { matchLabels: { app: 'web' } } },
      },
      'Service/shop/web': { metadata: { name: 'web' }, spec: { selector: { app: 'web', tier: 'fe' } } },
      'Service/shop/external': { metadata: { name: 'external' }, spec: {} },
    };
    const lookup = (k: string, ns: string, n: string) => objects[`${k}/${ns}/${n}`] as never;
    const web = pod('web-1', { app: 'web', tier: 'fe' });
    const api = pod('api-1', { app: 'api' });
    const check = (t: Parameters<typeof resolveTarget>[0]) =>
      [web, api].filter((p) => resolveTarget(t, lookup).matches(p)).map((p) => p.metadata.name);
    assert.deepEqual(check({ type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web' }), [
      'web-1',
    ]);
    assert.deepEqual(check({ type: 'service', namespace: 'shop', name: 'web' }), ['web-1']);
    assert.deepEqual(check({ type: 'namespace', namespace: 'shop' }), ['web-1', 'api-1']);
    assert.deepEqual(check({ type: 'pod', namespace: 'shop', name: 'api-1' }), ['api-1']);
    assert.deepEqual(check(parseTypedTarget('app in (api)', undefined)), ['api-1']);
    assert.deepEqual(check(parseTypedTarget('^web-', 'shop')), ['web-1']);
    assert.deepEqual(check(parseTypedTarget('^web-', 'other')), []);
    assert.match(
      resolveTarget({ type: 'service', namespace: 'shop', name: 'external' }, lookup).problem!,
      /no pod selector/,
    );
    assert.match(
      resolveTarget({ type: 'workload', kind: 'StatefulSet', namespace: 'shop', name: 'db' }, lookup)
        .problem!,
      /not found/,
    );
    assert.match(
      resolveTarget({ type: 'podRegex', pattern: '(' }, lookup).problem!,
      /invalid pod name regex/,
    );
    assert.deepEqual(targetOfResource({ kind: 'Deployment', namespace: 'shop', name: 'web' }), {
      type: 'workload',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    assert.equal(targetOfResource({ kind: 'VirtualService', namespace: 'shop', name: 'web' }), undefined);
  });
  it('selects app containers by default, sidecar and init on request, include/exclude by regex', () => {
    const p = pod('web-1', {});
    const names = (sel: Parameters<typeof selectContainers>[1]) =>
      selectContainers(p, sel).map((r) => r.container);
    assert.deepEqual(names({ includeSidecar: false, includeInit: false }), ['app']);
    assert.deepEqual(names({ includeSidecar: true, includeInit: true }), [
      'istio-init',
      'app',
      'istio-proxy',
    ]);
    assert.deepEqual(names({ includeSidecar: true, includeInit: true, exclude: /^istio/ }), ['app']);
    assert.deepEqual(names({ includeSidecar: true, includeInit: false, include: /proxy/ }), ['istio-proxy']);
    const native = pod(
      'n',
      {},
      {
        spec: {
          containers: [{ name: 'app' }],
          initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }],
        },
      },
    );
    assert.deepEqual(
      selectContainers(native, { includeSidecar: true, includeInit: false }).map((r) => [
        r.container,
        r.init,
      ]),
      [
        ['istio-proxy', false],
        ['app', false],
      ],
    );
  });
});

/** A fake pods cache. */
function fakeSource(initial: PodObject[]) {
  let pods = initial;
  const listeners = new Set<(c: CacheChange) => void>();
  return {
    snapshot: () => pods,
    onDidChange: (l: (c: CacheChange) => void) => (
      listeners.add(l),
      { dispose: () => void listeners.delete(l) }
    ),
    set(next: PodObject[]) {
      pods = next;
      for (const l of listeners) l({ added: [], updated: [], deleted: [], relisted: false });
    },
  };
}

describe('logs: pod-set tracker', () => {
  it('reports joins, leaves and restarts', () => {
    const a = pod('a', { app: 'web' });
    const src = fakeSource([a, pod('x', { app: 'other' })]);
    const events: string[] = [];
    const t = new PodSetTracker(
      src,
      () => resolveTarget({ type: 'selector', selector: 'app=web' }, () => undefined),
      {
        joined: (p, initial) => events.push(`join ${p.metadata.name} ${initial}`),
        left: (p, reason) => events.push(`leave ${p.metadata.name} ${reason}`),
        restarted: (p, c, n) => events.push(`restart ${p.metadata.name}/${c} ${n}`),
      },
    );
    t.start();
    const b = pod('b', { app: 'web' });
    src.set([a, b]);
    const a2 = pod(
      'a',
      { app: 'web' },
      { status: { containerStatuses: [{ name: 'app', restartCount: 2 }] } },
    );
    src.set([a2, b]);
    src.set([a2, { ...b, metadata: { ...b.metadata, labels: { app: 'moved' } } }]);
    src.set([]);
    assert.deepEqual(events, [
      'join a true',
      'join b false',
      'restart a/app 2',
      'leave b unmatched',
      'leave a deleted',
    ]);
    t.dispose();
  });
});

/** A controllable log server: each open returns a stream the test feeds and ends. */
function fakeOpener() {
  const opened: { req: LogRequest; push(line: string): void; end(): void }[] = [];
  let fail: Error | undefined;
  const open = async (req: LogRequest): Promise<AsyncIterable<Uint8Array>> => {
    if (fail) throw fail;
    const queue: (Uint8Array | null)[] = [];
    let wake: (() => void) | undefined;
    const feed = (x: Uint8Array | null) => {
      queue.push(x);
      wake?.();
    };
    req.signal.addEventListener('abort', () => feed(null));
    opened.push({ req, push: (l) => feed(new TextEncoder().encode(`${l}\n`)), end: () => feed(null) });
    return (async function* () {
      for (;;) {
        while (!queue.length) await new Promise<void>((r) => (wake = r));
        const next = queue.shift()!;
        if (next === null) return;
        yield next;
      }
    })();
  };
  return { open, opened, failWith: (e: Error | undefined) => (fail = e) };
}

const ref = (p: string, c = 'app'): StreamRef => ({
  namespace: 'shop',
  pod: p,
  uid: `uid-${p}`,
  container: c,
  init: false,
});
const immediateClock: Clock = {
  setTimeout: (cb) => setImmediate(cb),
  clearTimeout: (h) => clearImmediate(h as NodeJS.Immediate),
};

/** A multiplexer over a fake log server, collecting what it emits. */
function multiplexed(options: Partial<MultiplexerOptions> = {}) {
  const server = fakeOpener();
  const records: LogRecord[] = [];
  const m = new StreamMultiplexer({
    open: server.open,
    emit: (r) => records.push(r),
    finished: () => false,
    clock: immediateClock,
    ...options,
  });
  return { server, records, m };
}

describe('logs: stream multiplexer', () => {
  it('caps concurrent streams, queues the rest and starts them as slots free', async () => {
    const { server, m } = multiplexed({
      finished: () => true,
      maxStreams: 2,
      startBurst: 100,
      startsPerSecond: 100,
    });
    for (const p of ['a', 'b', 'c', 'd']) m.add(ref(p), { tailLines: 5 });
    await tick();
    assert.deepEqual(m.counts().streaming, 2);
    assert.equal(m.counts().queued, 2);
    assert.deepEqual(
      server.opened.map((o) => [o.req.pod, o.req.tailLines]),
      [
        ['a', 5],
        ['b', 5],
      ],
    );
    server.opened[0]!.end(); // container finished: its slot goes to the next
    await tick();
    await tick();
    assert.deepEqual(
      m.list().map((s) => s.state),
      ['ended', 'streaming', 'streaming', 'queued'],
    );
    m.dispose();
  });
  it("reconnects from the last second and de-duplicates the overlap; a restart reads the old instance's end, then a marker", async () => {
    const { server, records, m } = multiplexed({ backoff: { initialMs: 1 } });
    m.add(ref('a'), {});
    await tick();
    const first = server.opened[0]!;
    first.push('2024-05-01T10:00:00.5Z one');
    first.push('2024-05-01T10:00:00.7Z two');
    first.end(); // dropped
    await new Promise((r) => setTimeout(r, 20));
    const second = server.opened[1]!;
    assert.equal(second.req.sinceTime, '2024-05-01T10:00:00Z');
    second.push('2024-05-01T10:00:00.5Z one');
    second.push('2024-05-01T10:00:00.7Z two');
    second.push('2024-05-01T10:00:00.9Z three');
    await tick();
    m.restarted(ref('a'), 1);
    await new Promise((r) => setTimeout(r, 20));
    // first the terminated instance's log after the last line seen: what it wrote while unseen
    const previous = server.opened[2]!;
    assert.deepEqual([previous.req.previous, previous.req.sinceTime], [true, '2024-05-01T10:00:00Z']);
    previous.push('2024-05-01T10:00:00.7Z two');
    previous.push('2024-05-01T10:00:00.9Z three');
    previous.push('2024-05-01T10:00:00.95Z four, just before the crash');
    previous.end();
    await new Promise((r) => setTimeout(r, 20));
    const fresh = server.opened[3]!;
    assert.deepEqual([fresh.req.previous, fresh.req.sinceTime], [undefined, '2024-05-01T10:00:00Z']);
    fresh.push('2024-05-01T10:00:01.1Z fresh');
    await tick();
    assert.deepEqual(
      records.map((r) => `${r.kind}:${r.text}`),
      [
        'line:one',
        'line:two',
        'line:three',
        'line:four, just before the crash',
        'marker:container restarted (restart 1)',
        'line:fresh',
      ],
    );
    assert.equal(m.list()[0]!.reconnects, 2);
    m.dispose();
  });
  it('reports a 403 for that stream only and does not retry it', async () => {
    const { server, records, m } = multiplexed();
    server.failWith(new TransportError('pods "a" is forbidden', { status: 403 }));
    m.add(ref('a'), {});
    await tick();
    server.failWith(undefined);
    m.add(ref('b'), {});
    await tick();
    assert.deepEqual(
      m.list().map((s) => s.state),
      ['forbidden', 'streaming'],
    );
    assert.deepEqual(
      records.map((r) => [r.stream.pod, r.kind]),
      [['a', 'error']],
    );
    m.dispose();
  });
});

describe('logs: start pacer', () => {
  it('starts a burst at once, then at the rate', () => {
    let now = 0;
    const timers: [() => void, number][] = [];
    const p = new StartPacer({
      perSecond: 10,
      burst: 2,
      now: () => now,
      clock: { setTimeout: (cb, ms) => timers.push([cb, ms]), clearTimeout: () => {} },
    });
    const started: number[] = [];
    for (let i = 0; i < 5; i++) p.schedule(() => started.push(i));
    assert.deepEqual(started, [0, 1]);
    assert.equal(timers[0]![1], 100);
    now = 100;
    timers.shift()![0]();
    assert.deepEqual(started, [0, 1, 2]);
    now = 300;
    timers.shift()![0]();
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.equal(p.waiting, 0);
  });
});
