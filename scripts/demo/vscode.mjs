// Meshwright installed the way a user gets it (a .vsix built from this checkout, installed offline by
// the VS Code server's own CLI), then the VS Code server bundled in code-server serving the workbench.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateCodeServer } from '../../test/e2e/lib/preflight.mjs';
import { runToEnd, startChild } from './processes.mjs';

const CODE_SERVER_VERSION = process.env.MESHWRIGHT_CODE_SERVER_VERSION || '4.139.1';

/** The code-server install of scripts/e2e/install.sh (throws a PreflightError saying what to run). */
export function locateVscodeServer(repoRoot) {
  return locateCodeServer(repoRoot, CODE_SERVER_VERSION);
}

/** Builds the bundles, packs them into a .vsix (what `vsce package` ships) and installs it. */
export async function buildAndInstall({ repoRoot, install, dirs, env }) {
  const logFile = join(dirs.logs, 'build.log');
  await runToEnd({
    name: 'build',
    command: process.execPath,
    args: ['scripts/build.mjs'],
    cwd: repoRoot,
    env,
    logFile,
  });
  const vsix = join(dirs.root, 'meshwright.vsix');
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const packArgs = [
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--skip-license',
    '--no-rewrite-relative-links',
    '--out',
    vsix,
  ];
  await runToEnd({ name: 'vsce package', command: vsce, args: packArgs, cwd: repoRoot, env, logFile });
  await runToEnd({
    name: 'extension install',
    command: install.node,
    args: [
      install.serverMain,
      '--install-extension',
      vsix,
      ...dataArgs(dirs),
      '--accept-server-license-terms',
    ],
    cwd: dirs.root,
    env,
    logFile,
  });
  if (!existsSync(join(dirs.extensions, 'extensions.json')))
    throw new Error(`the .vsix was not installed; see ${logFile}`);
}

/**
 * Starts the server on 127.0.0.1:`port` with the workspace as its default folder and `env` (which
 * carries KUBECONFIG) for the extension host; resolves once GET / answers 200.
 */
export async function startVscode({ install, dirs, env, port, onSpawn }) {
  const args = [
    install.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--default-folder',
    dirs.workspace,
    ...dataArgs(dirs),
  ];
  const { child, ready } = startChild({
    name: 'VS Code server',
    command: install.node,
    args,
    env,
    cwd: dirs.root,
    ready: /listening on|Web UI available/i,
    logFile: join(dirs.logs, 'vscode-server.log'),
    timeoutMs: 60_000,
  });
  onSpawn(child);
  await ready;
  const origin = `http://127.0.0.1:${port}/`;
  await waitForHttp(origin, child);
  return { child, origin };
}

function dataArgs(dirs) {
  return [
    '--user-data-dir',
    dirs['user-data'],
    '--server-data-dir',
    dirs['server-data'],
    '--extensions-dir',
    dirs.extensions,
  ];
}

/** Polls `url` until it answers 200 (the workbench page), failing if `child` exits first. */
async function waitForHttp(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.alive()) throw new Error(`${child.name} exited while starting`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not serving yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}
