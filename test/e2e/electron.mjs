// The same extension-host suite in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (it fetches it from Microsoft's update service on first use). On offline
// machines use `node test/e2e/run.mjs` (code-server + Chromium) instead.
//   MESHWRIGHT_VSCODE_VERSION     VS Code to download (default "stable")
//   MESHWRIGHT_VSCODE_EXECUTABLE  use this VS Code binary instead of downloading one
//   MESHWRIGHT_E2E_EXTENSION_PATH extension folder to load (default: the repository root)
// Exit codes: 0 passed, 1 tests failed, 2 VS Code could not be downloaded or started.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

import { bundleSuite } from './lib/bundle-suite.mjs';
import { readConfig } from './lib/config.mjs';
import { checkExtension, PreflightError } from './lib/preflight.mjs';

const config = readConfig();
const sandbox = await mkdtemp(join(tmpdir(), 'meshwright-electron-'));
let exitCode = 0;
try {
  const extension = checkExtension(config.extensionPath, config.repoRoot);
  await bundleSuite(config);
  const workspace = join(sandbox, 'workspace');
  await cp(config.workspaceFixture, workspace, { recursive: true });
  console.log(`@vscode/test-electron: ${extension.id} from ${extension.path}`);
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    console.log('note: no DISPLAY; on a headless Linux run this under xvfb-run -a');
  }
  await runTests({
    version: process.env.MESHWRIGHT_VSCODE_VERSION || 'stable',
    vscodeExecutablePath: process.env.MESHWRIGHT_VSCODE_EXECUTABLE || undefined,
    cachePath: join(config.repoRoot, '.cache', 'vscode-test'),
    timeout: 30_000,
    extensionDevelopmentPath: extension.path,
    extensionTestsPath: config.suiteBundle,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${join(sandbox, 'user-data')}`,
      `--extensions-dir=${join(sandbox, 'extensions')}`,
    ],
  });
  console.log('@vscode/test-electron: extension-host tests passed');
} catch (error) {
  if (error instanceof TestRunFailedError) {
    exitCode = 1;
    console.error(`@vscode/test-electron: extension-host tests failed (${error.message})`);
  } else if (error instanceof PreflightError) {
    exitCode = 2;
    console.error(`@vscode/test-electron: ${error.message}`);
  } else {
    exitCode = 2;
    console.error(
      `@vscode/test-electron could not download or start VS Code: ${error instanceof Error ? error.message : error}\n` +
        'It needs internet access to download VS Code (or MESHWRIGHT_VSCODE_EXECUTABLE pointing at an installed one)\n' +
        'and a display (xvfb-run on headless Linux). Without those, run `node test/e2e/run.mjs` (code-server + Chromium).',
    );
  }
} finally {
  await rm(sandbox, { recursive: true, force: true });
}
process.exit(exitCode);
