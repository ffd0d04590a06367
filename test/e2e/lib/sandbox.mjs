// The per-run folder: temp, home and XDG folders, VS Code data folders and a copy of the workspace.
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
  'browser',
  'workspace',
];

// Quiet, offline-friendly workbench: no AI side panel, no startup editors, no update checks.
const WORKSPACE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'files.exclude': { '.vscode': true },
};

export async function createSandbox(workspaceFixture) {
  const root = await mkdtemp(join(tmpdir(), 'meshwright-e2e-'));
  const dirs = { root };
  for (const name of FOLDERS) {
    dirs[name] = join(root, name);
    await mkdir(dirs[name], { recursive: true });
  }
  await cp(workspaceFixture, dirs.workspace, { recursive: true });
  await mkdir(join(dirs.workspace, '.vscode'), { recursive: true });
  await writeFile(
    join(dirs.workspace, '.vscode', 'settings.json'),
    JSON.stringify(WORKSPACE_SETTINGS, null, 2),
  );
  return dirs;
}

/** Environment for the processes we start: nothing lands in $HOME or /tmp, no inherited VS Code state. */
export function sandboxEnv(dirs, base = process.env) {
  const env = { ...base };
  for (const key of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_)/.test(key) || key === 'NODE_OPTIONS') {
      delete env[key];
    }
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

export async function removeSandbox(dirs) {
  await rm(dirs.root, { recursive: true, force: true, maxRetries: 3 });
}
