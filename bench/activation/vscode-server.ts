/**
 * A fresh VS Code server (the one bundled in code-server, as in test/e2e) per measurement: its own
 * user, server and extensions folders under a temporary directory, Meshwright installed from a .vsix
 * by the server's own CLI (as a user gets it), one process group stopped by its PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
const VERSION = process.env.MESHWRIGHT_CODE_SERVER_VERSION || '4.139.1';

export interface CodeServerInstall {
  node: string;
  serverMain: string;
  vscodeVersion: string;
}

/** The install of scripts/e2e/install.sh, or undefined (with the reason printed) when absent. */
export function locateInstall(): CodeServerInstall | undefined {
  const dir = path.join(repoRoot, '.cache', `code-server-${VERSION}`);
  const manifestPath = path.join(dir, 'meshwright-install.json');
  if (!existsSync(manifestPath)) return undefined;
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    node: string;
    serverMain: string;
    vscodeVersion: string;
  };
  return {
    node: existsSync(m.node) ? m.node : process.execPath,
    serverMain: path.join(dir, m.serverMain),
    vscodeVersion: m.vscodeVersion,
  };
}

/** Builds the bundles and packs them into a .vsix in `dir` (what users install). */
export function buildVsix(dir: string): string {
  const vsix = path.join(dir, 'meshwright.vsix');
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  };
  run(process.execPath, ['scripts/build.mjs']);
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix]);
  return vsix;
}

/** Quiet workbench (no welcome page, no AI panel, no telemetry or update checks). */
const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
};

export interface Server {
  origin: string;
  workspace: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** A new sandbox with `files` in its workspace, Meshwright installed; resolves once GET / answers. */
export async function startServer(
  install: CodeServerInstall,
  vsix: string,
  files: Record<string, string>,
): Promise<Server> {
  const root = mkdtempSync(path.join(tmpdir(), 'meshwright-bench-activation-'));
  const dir = (name: string) => {
    const d = path.join(root, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const workspace = dir('workspace');
  writeFileSync(path.join(dir('workspace/.vscode'), 'settings.json'), JSON.stringify(SETTINGS));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(workspace, name), text);
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir('tmp'), HOME: dir('home') };
  for (const key of Object.keys(env))
    if (/^(VSCODE_|ELECTRON_)/.test(key) || key === 'NODE_OPTIONS') delete env[key];
  const data = [
    '--user-data-dir',
    dir('ud'),
    '--server-data-dir',
    dir('sd'),
    '--extensions-dir',
    dir('exts'),
  ];
  const installRun = spawnSync(
    install.node,
    [install.serverMain, '--install-extension', vsix, ...data, '--accept-server-license-terms'],
    { env, encoding: 'utf8' },
  );
  if (installRun.status !== 0)
    throw new Error(`installing the .vsix failed: ${installRun.stdout}${installRun.stderr}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    install.node,
    [
      install.serverMain,
      ...['--host', '127.0.0.1', '--port', String(port)],
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...data,
    ],
    { env, cwd: root, detached: true, stdio: 'ignore' },
  );
  const exited = once(child, 'exit');
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // gone
    }
  };
  const server: Server = {
    origin: `http://127.0.0.1:${port}`,
    workspace,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      signal('SIGKILL');
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(server.origin, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      if (r.ok) return server;
    } catch {
      // not yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error('the VS Code server did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
