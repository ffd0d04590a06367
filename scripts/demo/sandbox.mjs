// The demo's own folder: VS Code data, temp/home/XDG folders, logs and a copy of the sample
// workspace (so the mistakes can be fixed without touching the repository). Removed at the end.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FOLDERS = [
  'tmp',
  'home',
  'xdg-config',
  'xdg-data',
  'xdg-cache',
  'user-data',
  'server-data',
  'extensions',
  'logs',
];

/**
 * Quiet, offline workbench: no telemetry, no welcome page, no AI side panel, no update checks.
 * Workspace settings, because the browser workbench keeps user settings in the browser.
 */
export const DEMO_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'files.exclude': { '.vscode': true },
};

/** Creates the folder tree under a new temporary directory and copies `workspaceSource` into it. */
export async function createDemoSandbox(workspaceSource) {
  const root = await mkdtemp(join(tmpdir(), 'meshwright-demo-'));
  const dirs = { root, workspace: join(root, 'bookinfo-mesh') };
  for (const name of FOLDERS) {
    dirs[name] = join(root, name);
    await mkdir(dirs[name], { recursive: true });
  }
  await cp(workspaceSource, dirs.workspace, { recursive: true });
  await mkdir(join(dirs.workspace, '.vscode'), { recursive: true });
  await writeFile(
    join(dirs.workspace, '.vscode', 'settings.json'),
    `${JSON.stringify(DEMO_SETTINGS, null, 2)}\n`,
  );
  // the server's machine settings too (read by the remote extension host)
  const machine = join(dirs['server-data'], 'data', 'Machine');
  await mkdir(machine, { recursive: true });
  await writeFile(join(machine, 'settings.json'), `${JSON.stringify(DEMO_SETTINGS, null, 2)}\n`);
  return dirs;
}

/** Environment for the demo's processes: nothing lands in $HOME or /tmp, no inherited VS Code state. */
export function demoEnv(dirs, base = process.env) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (!/^(VSCODE_|ELECTRON_)/.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return {
    ...env,
    TMPDIR: dirs.tmp,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
  };
}

export async function removeDemoSandbox(dirs) {
  await rm(dirs.root, { recursive: true, force: true, maxRetries: 3 });
}
