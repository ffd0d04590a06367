/**
 * The whole cluster stack the extension runs — kubeconfig loading, a ClusterSession over client-node,
 * the LiveCluster status and the explorer's LiveTree — against the API emulator, with changes made by a
 * real kubectl, dropped watches, a restarted server and a token without access to one type.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClusterSession } from '../../client/src/cluster/cluster-session';
import { kubeconfigFiles, loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import type { ConnectionStatus } from '../../client/src/cluster/live-cluster';
import { serverSnapshot } from '../../client/src/cluster/server-snapshot';
import { findNode, LiveTree } from '../../client/src/explorer/live-tree';
import type { ExplorerNode } from '../../client/src/explorer/types';
import { findType, kubectlPath, startEmulator, type Emulator } from '../emulator';

const run = promisify(execFile);

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

const labels = (n: ExplorerNode | undefined): string[] => (n?.children ?? []).map((c) => c.label);
const child = (n: ExplorerNode | undefined, label: string) => n?.children?.find((c) => c.label === label);

describe('ClusterSession + explorer over the API emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let dir: string;
  const sessions: ClusterSession[] = [];

  before(async function () {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 19)) this.skip(); // client-node 2.x needs Node >= 22.19
    // kubectl sends no token to a plain-http server: anonymous requests are admin, like the old insecure port
    emu = await startEmulator({ seed: 'bookinfo', bookmarkIntervalMs: 200, anonymous: 'admin' });
    dir = mkdtempSync(join(tmpdir(), 'cluster-session-'));
  });
  after(async () => {
    for (const s of sessions) s.dispose();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(token?: string): Promise<{ session: ClusterSession; tree: LiveTree }> {
    const file = emu.kubeconfig(join(dir, `kubeconfig-${sessions.length}`), token ? { token } : {});
    const loaded = await loadKubeconfig({ setting: file });
    assert.ok(loaded.ok, !loaded.ok ? loaded.message : '');
    const session = new ClusterSession({
      kc: loaded.kc,
      context: loaded.context,
      namespace: loaded.namespace,
      debounceMs: 20,
    });
    sessions.push(session);
    const tree = new LiveTree(session.cluster);
    session.start();
    return { session, tree };
  }

  it('finds kubeconfig files like kubectl: setting, then KUBECONFIG (existing files), then ~/.kube/config', async () => {
    const a = join(dir, 'a.yaml');
    writeFileSync(a, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    assert.deepEqual(kubeconfigFiles({ setting: a, env: '/nope' }).files, [a]);
    assert.deepEqual(kubeconfigFiles({ env: `/nope:${a}` }).files, [a]);
    assert.deepEqual(kubeconfigFiles({ home: join(dir, 'nohome') }).files, []);
    const missing = await loadKubeconfig({ home: join(dir, 'nohome') });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.message : '', /No kubeconfig found/);
    const empty = await loadKubeconfig({ setting: a });
    assert.equal(!empty.ok && empty.reason, 'no-context');
  });

  it('merges KUBECONFIG files first-wins and honours a context override', async () => {
    const first = emu.kubeconfig(join(dir, 'first.yaml'));
    const second = join(dir, 'second.yaml');
    writeFileSync(
      second,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: other',
        'clusters: [{name: other, cluster: {server: "http://127.0.0.1:1"}}]',
        'users: [{name: other, user: {token: x}}]',
        'contexts: [{name: other, context: {cluster: other, user: other, namespace: team-a}}]',
      ].join('\n'),
    );
    const merged = await loadKubeconfig({ env: `${first}:${second}` });
    assert.ok(merged.ok);
    assert.equal(merged.contexts.length, 2);
    assert.notEqual(merged.context, 'other', 'the first file sets the current context');
    const other = await loadKubeconfig({ env: `${first}:${second}` }, 'other');
    assert.ok(other.ok);
    assert.equal(other.context, 'other');
    assert.equal(other.namespace, 'team-a');
  });

  it('shows the bookinfo seed: namespaces, workloads, services and Istio config', async () => {
    const { session, tree } = await open();
    await waitFor('connected', () => session.cluster.status().state === 'connected', 5000);
    await waitFor('Istio types', () => session.cluster.types.some((t) => t.kind === 'VirtualService'), 5000);
    await waitFor(
      'bookinfo VirtualServices',
      () => {
        const istio = child(child(tree.root, 'bookinfo'), 'Istio config');
        return (child(istio, 'VirtualServices')?.children?.length ?? 0) > 0;
      },
      5000,
    );
    const root = tree.root;
    assert.ok(
      labels(root).includes('bookinfo') && labels(root).includes('istio-system'),
      labels(root).join(),
    );
    const bookinfo = child(root, 'bookinfo')!;
    assert.deepEqual(labels(bookinfo).slice(0, 2), ['Workloads', 'Services']);
    assert.ok(labels(child(bookinfo, 'Services')).includes('reviews'));
    assert.equal(session.istioVersions.get('networking.istio.io')?.[0], 'v1');
    const snapshot = serverSnapshot(session.cluster);
    assert.ok(snapshot.pods.some((p) => p.namespace === 'bookinfo' && p.hasProxy));
    assert.ok(snapshot.istioConfig?.some((c) => c.kind === 'VirtualService'));
  });

  it('a change made with kubectl shows up within 1 s', async function () {
    const kubectl = kubectlPath();
    if (!kubectl) return this.skip(); // no unzip to extract it (the kubectl suite says so too)
    const { session, tree } = await open();
    await waitFor('connected', () => session.cluster.status().state === 'connected', 5000);
    const kubeconfig = emu.kubeconfig(join(dir, 'kubectl-config'));
    await run(kubectl, ['--kubeconfig', kubeconfig, 'create', 'namespace', 'team-new']);
    const ms = await waitFor('namespace team-new', () => labels(tree.root).includes('team-new'), 1000);
    assert.ok(ms <= 1000);
    await run(kubectl, ['--kubeconfig', kubeconfig, 'delete', 'namespace', 'team-new']);
    await waitFor('namespace gone', () => !labels(tree.root).includes('team-new'), 1000);
  });

  it('converges within 5 s after dropped watches and a restart, with nothing stale', async () => {
    const { session, tree } = await open();
    await waitFor('connected', () => session.cluster.status().state === 'connected', 5000);
    const services = findType('', 'v1', 'services')!;
    emu.faults.dropWatches();
    emu.store.create(services, 'bookinfo', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'while-dropped', namespace: 'bookinfo' },
      spec: { ports: [{ port: 80 }] },
    });
    emu.faults.restart();
    emu.store.delete(services, 'bookinfo', 'details');
    emu.store.compact();
    await waitFor(
      'converged',
      () => {
        const svc = labels(child(child(tree.root, 'bookinfo'), 'Services'));
        return svc.includes('while-dropped') && !svc.includes('details');
      },
      5000,
    );
    await waitFor('connected again', () => session.cluster.status().state === 'connected', 5000);
  });

  it('403 on one type shows "no access" there only; the rest keeps working', async () => {
    emu.tokens.set('no-services', [
      {
        verbs: ['get', 'list', 'watch'],
        resources: ['namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets'],
      },
      { verbs: ['get', 'list', 'watch'], resources: ['virtualservices', 'destinationrules', 'gateways'] },
    ]);
    const statuses: ConnectionStatus[] = [];
    const { session, tree } = await open('no-services');
    session.cluster.onDidChangeStatus((s) => statuses.push(s));
    await waitFor('settled', () => session.cluster.settled && session.cluster.types.length > 7, 5000);
    await waitFor(
      'no access node',
      () => {
        const svc = child(child(tree.root, 'bookinfo'), 'Services');
        return svc?.children?.[0]?.kind === 'noAccess';
      },
      5000,
    );
    const bookinfo = child(tree.root, 'bookinfo')!;
    assert.ok((child(bookinfo, 'Workloads')?.children?.length ?? 0) > 0, 'workloads still listed');
    const status = session.cluster.status();
    assert.equal(status.state, 'connected');
    assert.ok(status.forbiddenKinds.includes('Service'));
    assert.ok(!status.forbiddenKinds.includes('Pod'));
    assert.ok(findNode(tree.root, bookinfo.id));
  });

  it('reports unauthorized, with the server message, for a rejected token', async () => {
    const { session } = await open('not-a-token');
    await waitFor('unauthorized', () => session.cluster.status().state === 'unauthorized', 5000);
    assert.ok(session.cluster.status().message);
  });
});
