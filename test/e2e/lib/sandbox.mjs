// The per-run folder of a VS Code server (the e2e run and `npm run demo`): temp, home and XDG folders,
// VS Code data folders, logs and a copy of the workspace, so nothing lands in $HOME or the repository.
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
  'logs',
];

/**
 * Quiet, offline workbench: no telemetry, no AI side panel, no startup editors or tips, no update
 * checks or recommendations. Workspace settings, because the browser workbench keeps user settings in
 * the browser.
 */
const WORKSPACE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'files.exclude': { '.vscode': true },
};

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Creates the folders under a new temporary directory and copies `workspaceSource` into
 * `<root>/<workspaceName>`. `machineSettings` also writes the settings as the server's machine settings
 * (read by the remote extension host).
 */
export async function createSandbox(
  workspaceSource,
  { prefix = 'meshwright-e2e-', workspaceName = 'workspace', machineSettings = false } = {},
) {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dirs = { root, workspace: join(root, workspaceName) };
  for (const name of FOLDERS) {
    dirs[name] = join(root, name);
    await mkdir(dirs[name], { recursive: true });
  }
  await cp(workspaceSource, dirs.workspace, { recursive: true });
  await mkdir(join(dirs.workspace, '.vscode'), { recursive: true });
  await writeFile(join(dirs.workspace, '.vscode', 'settings.json'), json(WORKSPACE_SETTINGS));
  if (machineSettings) {
    const machine = join(dirs['server-data'], 'data', 'Machine');
    await mkdir(machine, { recursive: true });
    await writeFile(join(machine, 'settings.json'), json(WORKSPACE_SETTINGS));
  }
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
