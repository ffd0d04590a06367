#!/usr/bin/env node
// Checks `npm run demo` end to end without a browser, twice (with Prometheus when installed, and with
// --no-prometheus): starts `node scripts/demo.mjs --port <free>`, waits for
// `Meshwright demo: http://127.0.0.1:P/`, GETs it (200, the workbench page), asks the cluster's service
// proxy for Prometheus (answers with data, or 503 "no endpoints" without it), checks Meshwright is
// installed in the server's extensions, then sends SIGTERM and asserts exit 0, every process the demo
// started gone and its folder removed. Exit 3 (skipped) when code-server is not installed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/e2e/lib/vscode-server.mjs';
import { prometheusMissing } from './demo/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 240_000;

/** PIDs whose parent chain reaches `root` (read from /proc). */
function descendants(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return [...parent.keys()].filter((pid) => {
    for (let p = parent.get(pid); p && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  });
}

/** Alive and not a zombie. */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function checkRun(extraArgs, withPrometheus) {
  const label = withPrometheus ? 'with Prometheus' : 'config-only (--no-prometheus)';
  const port = await freePort();
  const demo = spawn(process.execPath, ['scripts/demo.mjs', '--port', String(port), ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  demo.stdout.on('data', (d) => (stdout += d));
  demo.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => demo.once('exit', (code, signal) => r({ code, signal })));
  const expected = `Meshwright demo: http://127.0.0.1:${port}/`;
  const started = Date.now();
  try {
    while (!stdout.split('\n').includes(expected)) {
      assert(demo.exitCode === null, `the demo exited before its line:\n${stderr}`);
      assert(
        Date.now() - started < START_TIMEOUT_MS,
        `no "${expected}" after ${START_TIMEOUT_MS} ms:\n${stderr}`,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    const startSeconds = ((Date.now() - started) / 1000).toFixed(1);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    assert(page.status === 200, `GET / answered ${page.status}`);
    assert((await page.text()).includes('workbench'), 'GET / is not the VS Code workbench');

    const sandbox = /workspace (\S+)\/bookinfo-mesh /.exec(stderr)?.[1];
    assert(sandbox && existsSync(sandbox), `no sandbox folder named in:\n${stderr}`);
    const installed = readdirSync(join(sandbox, 'extensions'));
    assert(
      installed.some((d) => d.startsWith('meshwright.meshwright-')),
      `Meshwright not installed: ${installed}`,
    );
    await checkPrometheusProxy(join(sandbox, 'kubeconfig'), withPrometheus);

    const pids = descendants(demo.pid);
    assert(pids.length >= 3, `expected the demo's processes, found ${pids.length}`);
    demo.kill('SIGTERM');
    const { code, signal } = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 30_000).unref()),
    ]);
    assert(code === 0, `after SIGTERM the demo ended with ${code ?? signal}:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 500));
    const left = pids.filter(running);
    assert(left.length === 0, `processes left after SIGTERM: ${left.join(', ')}`);
    assert(!existsSync(sandbox), `sandbox ${sandbox} not removed`);
    console.log(`ok   demo ${label}: ready in ${startSeconds} s, ${pids.length} processes, all stopped`);
  } finally {
    if (demo.exitCode === null) {
      demo.kill('SIGTERM');
      await exited;
    }
  }
}

/** GET Prometheus through the emulated API server's service proxy, as the extension does. */
async function checkPrometheusProxy(kubeconfig, withPrometheus) {
  const config = readFileSync(kubeconfig, 'utf8');
  const server = /server:\s*(\S+)/.exec(config)?.[1];
  const token = /token:\s*(\S+)/.exec(config)?.[1];
  const url = `${server}/api/v1/namespaces/istio-system/services/prometheus:9090/proxy/api/v1/query?query=sum(istio_requests_total)`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (withPrometheus) {
    assert(
      res.status === 200 && /"result":\[\{/.test(body),
      `Prometheus through the proxy: ${res.status} ${body}`,
    );
  } else {
    assert(
      res.status === 503 && /no endpoints available/.test(body),
      `expected 503 no endpoints: ${res.status} ${body}`,
    );
  }
}

const install = join(
  repoRoot,
  '.cache',
  `code-server-${process.env.MESHWRIGHT_CODE_SERVER_VERSION || '4.139.1'}`,
);
if (!existsSync(join(install, 'meshwright-install.json'))) {
  console.log(`skipped: code-server not installed in ${install} (bash scripts/e2e/install.sh)`);
  process.exit(3);
}
try {
  if (!prometheusMissing()) await checkRun([], true);
  else console.log('note: prometheus not installed: only the config-only run');
  await checkRun(['--no-prometheus'], false);
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  process.exit(1);
}
