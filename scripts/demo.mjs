#!/usr/bin/env node
// `npm run demo [-- --port P] [--keep] [--no-prometheus]`: Meshwright in VS Code in the browser against a demo mesh.
// Builds and installs the extension (.vsix) into a fresh VS Code server, starts the Kubernetes API
// emulator with bookinfo (a canary of reviews in progress), the traffic simulator with reviews-v3
// misbehaving and a real Prometheus when `prometheus` is installed (otherwise the graph is config-only
// with a notice), and opens the sample workspace demo/workspace/ (mistakes listed in its README.md).
// Prints `Meshwright demo: http://127.0.0.1:P/` once VS Code answers there. Ctrl+C or SIGTERM stops
// everything it started and exits 0; if one of its processes dies, it says which and stops the rest.
// Needs the code-server install of `bash scripts/e2e/install.sh`. Logs: <sandbox>/logs (--keep keeps them).
// --no-prometheus: as on a machine without Prometheus (the config-only graph and its notice).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeExit } from './demo/processes.mjs';
import { prometheusMissing, startCluster, startSimulator } from './demo/services.mjs';
import { buildAndInstall, locateVscodeServer, startVscode } from './demo/vscode.mjs';
import { createSandbox, removeSandbox, sandboxEnv } from '../test/e2e/lib/sandbox.mjs';
import { freePort } from '../test/e2e/lib/vscode-server.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    keep: { type: 'boolean', default: false },
    prometheus: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const say = (message) => console.error(`demo: ${message}`);

/** Everything started so far (each stopped with its process group). */
const children = [];
let dirs;
let stopping;

function shutdown(code, reason) {
  if (stopping) return stopping;
  if (reason) say(reason);
  stopping = (async () => {
    await Promise.all(children.map((child) => child.stop()));
    if (dirs && !values.keep) await removeSandbox(dirs);
    else if (dirs) say(`kept ${dirs.root}`);
    process.exit(code);
  })();
  return stopping;
}

/** Registers a child: an exit the demo did not ask for stops the rest. */
function supervise(child) {
  children.push(child);
  void child.exited.then((info) => {
    if (!child.stopping && !stopping)
      void shutdown(1, `${child.name} exited (${describeExit(info)}); stopping the rest`);
  });
}

async function main() {
  const port = values.port ? Number(values.port) : await freePort();
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    say(`--port takes a port number, not "${values.port}"`);
    process.exit(2);
  }
  const install = locateVscodeServer(repoRoot);
  // a copy of the sample workspace: its mistakes can be fixed without touching the repository
  dirs = await createSandbox(join(repoRoot, 'demo', 'workspace'), {
    prefix: 'meshwright-demo-',
    workspaceName: 'bookinfo-mesh',
    machineSettings: true,
  });
  const env = sandboxEnv(dirs);
  say('building and installing Meshwright (.vsix)…');
  await buildAndInstall({ repoRoot, install, dirs, env });

  let prometheusUrl;
  const missing = !values.prometheus ? '--no-prometheus' : prometheusMissing();
  if (missing) {
    say(
      `${missing}: no telemetry — the service graph and canary gates show routing config only, with a notice`,
    );
  } else {
    say('starting the traffic simulator and Prometheus (10 minutes backfilled)…');
    ({ prometheusUrl } = await startSimulator({ repoRoot, dirs, env, onSpawn: supervise }));
    say(`Prometheus at ${prometheusUrl} (in the cluster as istio-system/prometheus:9090)`);
  }
  say('starting the Kubernetes API emulator (bookinfo)…');
  const { kubeconfig } = await startCluster({ repoRoot, dirs, env, prometheusUrl, onSpawn: supervise });
  say('starting VS Code…');
  const { origin } = await startVscode({
    install,
    dirs,
    env: { ...env, KUBECONFIG: kubeconfig },
    port,
    onSpawn: supervise,
  });
  if (stopping) return;
  console.log(`Meshwright demo: ${origin}`);
  say(`workspace ${dirs.workspace} (see its README.md); Ctrl+C stops everything`);
}

process.on('SIGINT', () => void shutdown(0, 'stopping…'));
process.on('SIGTERM', () => void shutdown(0, 'stopping…'));
process.on('exit', () => {
  for (const child of children) if (child.alive()) child.killNow(); // last resort, synchronous
});
main().catch((error) => {
  if (!stopping) void shutdown(1, `failed: ${error.message}`);
});
