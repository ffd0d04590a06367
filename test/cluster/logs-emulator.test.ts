/**
 * Aggregated pod logs against the API emulator with scripted log generators: the pods of a service in
 * one stream, pods joining and leaving, a restarted container, a dropped stream resumed without gap or
 * duplicate, the concurrency cap, and a 403 on pods/log for one pod only. Line sequences are asserted
 * exactly against the generators (`<pod> <n>`).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterSession } from '../../client/src/cluster/cluster-session';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { KUBERNETES_TYPES, PODS } from '../../client/src/cluster/resource-types';
import { clientNodeLogOpener } from '../../client/src/logs/log-opener';
import { DEFAULT_TAIL_OPTIONS, type TailOptions } from '../../client/src/logs/tail-options';
import { TailSession } from '../../client/src/logs/tail-session';
import type { LogTarget } from '../../client/src/logs/target';
import type { LogRecord } from '../../client/src/logs/types';
import { findType, startEmulator, type Emulator, type KObject } from '../emulator';

const POD = findType('', 'v1', 'pods')!;

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The numbers of the `<pod> <n>` lines a pod delivered, in arrival order. */
const numbers = (records: LogRecord[], pod: string): number[] =>
  records
    .filter((r) => r.kind === 'line' && r.stream.pod === pod)
    .map((r) => Number(/ (\d+)$/.exec(r.text)?.[1]));

/** 1..n exactly: nothing lost, nothing doubled, in order. */
function assertContiguous(seq: number[], from = 1): void {
  assert.ok(seq.length > 0, 'no lines');
  assert.deepEqual(
    seq,
    seq.map((_, i) => from + i),
  );
}

describe('aggregated pod logs over the API emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let dir: string;
  const sessions: ClusterSession[] = [];
  const tails: TailSession[] = [];

  before(async function () {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 19)) this.skip(); // client-node 2.x needs Node >= 22.19
    emu = await startEmulator({
      seed: 'bookinfo',
      bookmarkIntervalMs: 200,
      tokens: {
        // pods/log in bookinfo only
        'bookinfo-logs': [
          { verbs: ['get', 'list', 'watch'], resources: ['pods', 'services', 'namespaces'] },
          { verbs: ['get'], resources: ['pods/log'], namespaces: ['bookinfo'] },
        ],
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'logs-emulator-'));
  });
  afterEach(() => {
    for (const t of tails.splice(0)) t.stop();
  });
  after(async () => {
    for (const s of sessions) s.dispose();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const podNames = (prefix: string) =>
    emu.store
      .list(POD, 'bookinfo')
      .map((p) => p.metadata.name!)
      .filter((n) => n.startsWith(prefix));

  /** Scripted generators `<pod> <n>` for the app container of each pod. */
  function script(pods: string[], intervalMs = 40, initialLines = 5): void {
    for (const pod of pods)
      emu.logs.add('bookinfo', pod, 'app', { initialLines, intervalMs, generate: (n) => `${pod} ${n}` });
  }

  async function tail(
    target: LogTarget,
    options: Partial<TailOptions> = {},
    token?: string,
  ): Promise<TailSession> {
    const file = emu.kubeconfig(join(dir, `kubeconfig-${sessions.length}`), token ? { token } : {});
    const loaded = await loadKubeconfig({ setting: file });
    assert.ok(loaded.ok);
    const session = new ClusterSession({
      kc: loaded.kc,
      context: loaded.context,
      namespace: loaded.namespace,
      debounceMs: 10,
    });
    sessions.push(session);
    const lease = session.registry.acquire(PODS);
    const services = session.registry.acquire(KUBERNETES_TYPES.find((t) => t.kind === 'Service')!);
    const deployments = session.registry.acquire(KUBERNETES_TYPES.find((t) => t.kind === 'Deployment')!);
    const t = new TailSession(
      { ...DEFAULT_TAIL_OPTIONS, tailLines: undefined, batchMs: 5, ...options, target },
      {
        pods: lease.cache,
        lookup: (kind, ns, name) =>
          kind === 'Service'
            ? services.cache.get(ns, name)
            : kind === 'Deployment'
              ? deployments.cache.get(ns, name)
              : undefined,
        onClusterChange: (l) => services.cache.onDidChange(l),
        open: clientNodeLogOpener(session.kc),
        write: () => {},
      },
    );
    const settled = (state: string) => state !== 'idle' && state !== 'listing';
    await waitFor('caches settled', () => settled(services.cache.state) && settled(deployments.cache.state));
    tails.push(t);
    t.start();
    return t;
  }

  it('merges the pods of a service into one stream, app containers only', async () => {
    const reviews = podNames('reviews-');
    assert.equal(reviews.length, 3);
    script(reviews);
    const t = await tail({ type: 'service', namespace: 'bookinfo', name: 'reviews' });
    await waitFor('10 lines from each pod', () => reviews.every((p) => numbers(t.records(), p).length >= 10));
    for (const p of reviews) assertContiguous(numbers(t.records(), p));
    assert.deepEqual(new Set(t.streams().map((s) => s.ref.container)), new Set(['app']));
    assert.equal(t.status().pods, 3);
  });

  it('follows the pod set: a new pod joins from its first line, a deleted pod leaves', async () => {
    const [first] = podNames('ratings-');
    script([first!]);
    const t = await tail({ type: 'selector', namespace: 'bookinfo', selector: 'app=ratings' });
    await waitFor('ratings lines', () => numbers(t.records(), first!).length >= 3);
    const template = emu.store.get(POD, 'bookinfo', first!);
    const extra = 'ratings-v1-extra-pod';
    script([extra], 30, 4);
    emu.store.create(POD, 'bookinfo', {
      ...structuredClone(template),
      metadata: {
        name: extra,
        namespace: 'bookinfo',
        labels: (template.metadata as { labels?: object }).labels,
      },
    } as KObject);
    await waitFor('the new pod lines', () => numbers(t.records(), extra).length >= 8);
    assertContiguous(numbers(t.records(), extra));
    assert.ok(
      t.records().some((r) => r.kind === 'marker' && r.stream.pod === extra && /pod joined/.test(r.text)),
    );

    emu.store.delete(POD, 'bookinfo', extra);
    await waitFor('the pod left', () => t.streams().some((s) => s.ref.pod === extra && s.state === 'left'));
    assert.ok(
      t.records().some((r) => r.kind === 'marker' && r.stream.pod === extra && r.text === 'pod deleted'),
    );
    assert.equal(t.status().pods, 1);
    const before = numbers(t.records(), first!).length;
    await waitFor('the other pod goes on', () => numbers(t.records(), first!).length > before + 3);
  });

  it('marks a container restart and follows the new instance', async () => {
    const [pod] = podNames('details-');
    script([pod!]);
    const t = await tail({ type: 'pod', namespace: 'bookinfo', name: pod! });
    await waitFor('details lines', () => numbers(t.records(), pod!).length >= 5);
    emu.logs.restart('bookinfo', pod!, 'app', {
      initialLines: 0,
      intervalMs: 40,
      generate: (n) => `${pod} restarted ${n}`,
    });
    const current = emu.store.get(POD, 'bookinfo', pod!) as KObject & {
      status: { containerStatuses: { name: string; restartCount: number }[] };
    };
    const updated = structuredClone(current);
    updated.status.containerStatuses.find((c) => c.name === 'app')!.restartCount = 1;
    emu.store.update(POD, 'bookinfo', pod!, updated);
    await waitFor(
      'lines of the new instance',
      () => t.records().filter((r) => / restarted \d+$/.test(r.text)).length >= 3,
    );
    const texts = t
      .records()
      .filter((r) => r.stream.pod === pod)
      .map((r) => `${r.kind}:${r.text}`);
    const marker = texts.indexOf('marker:container restarted (restart 1)');
    assert.ok(marker > 0, texts.join('\n'));
    const after = texts.slice(marker + 1).filter((x) => x.includes('restarted '));
    assert.deepEqual(
      after.slice(0, 3),
      [1, 2, 3].map((n) => `line:${pod} restarted ${n}`),
    );
    // the old instance's lines before the marker are contiguous from 1
    assertContiguous(
      texts
        .slice(0, marker)
        .filter((x) => x.startsWith('line:'))
        .map((x) => Number(/ (\d+)$/.exec(x)![1])),
    );
  });

  it('resumes a dropped stream from its last timestamp without gap or duplicate', async () => {
    const pods = podNames('productpage-');
    script(pods, 10, 20);
    const s = await tail({
      type: 'workload',
      kind: 'Deployment',
      namespace: 'bookinfo',
      name: 'productpage-v1',
    });
    await waitFor('lines before the drop', () => numbers(s.records(), pods[0]!).length >= 40);
    emu.faults.dropWatches(); // ends every log stream (and watch) mid-flow
    await waitFor('a reconnect', () => s.streams().every((x) => x.reconnects >= 1));
    const seen = numbers(s.records(), pods[0]!).length;
    await waitFor('lines after the drop', () => numbers(s.records(), pods[0]!).length >= seen + 40);
    assertContiguous(numbers(s.records(), pods[0]!));
    assert.equal(s.records().filter((r) => r.kind === 'error').length, 0);
  });

  it('caps concurrent streams and queues the rest', async () => {
    script(podNames(''));
    const t = await tail({ type: 'namespace', namespace: 'bookinfo' }, { maxStreams: 2 });
    await waitFor('two streaming', () => t.status().streams.streaming === 2);
    await new Promise((r) => setTimeout(r, 200));
    const c = t.status().streams;
    assert.equal(c.streaming, 2);
    assert.equal(c.queued, 4);
    assert.equal(
      new Set(
        t
          .records()
          .filter((r) => r.kind === 'line')
          .map((r) => r.stream.pod),
      ).size,
      2,
    );
  });

  it('reports a 403 on pods/log for that pod only', async () => {
    const [reviews] = podNames('reviews-v1');
    script([reviews!]);
    const t = await tail({ type: 'podRegex', pattern: '^(reviews-v1|istiod)-' }, {}, 'bookinfo-logs');
    await waitFor('the forbidden stream', () => t.streams().some((s) => s.state === 'forbidden'));
    await waitFor('reviews lines', () => numbers(t.records(), reviews!).length >= 5);
    const forbidden = t.streams().filter((s) => s.state === 'forbidden');
    assert.deepEqual(
      forbidden.map((s) => s.ref.namespace),
      ['istio-system'],
    );
    const errors = t.records().filter((r) => r.kind === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.text, /cannot read logs: .*forbidden/);
    assert.match(errors[0]!.stream.pod, /^istiod-/);
    assertContiguous(numbers(t.records(), reviews!));
  });
});
