// Meshwright e2e in a real VS Code (code-server's bundled VS Code server + Debian Chromium):
//   phase A: the Mocha suite (test/e2e/suite) inside the real extension host;
//   phase B: UI checks with Playwright (Quick Open, suggest widget, Problems panel).
// Needs `npm run build` (dist/) and `bash scripts/e2e/install.sh`. Screenshots: test-results/e2e/.
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { bundleSuite } from './lib/bundle-suite.mjs';
import { readConfig } from './lib/config.mjs';
import { checkChromium, checkExtension, locateCodeServer, PreflightError } from './lib/preflight.mjs';
import { createReport, isReported, message } from './lib/report.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { createSandbox, removeSandbox, sandboxEnv } from './lib/sandbox.mjs';
import { runExtensionTests } from './lib/extension-tests.mjs';
import { runUiChecks } from './lib/ui-checks.mjs';
import { startVscodeServer } from './lib/vscode-server.mjs';
import { launchBrowser, workbenchUrl } from './lib/workbench.mjs';

const config = readConfig();
const report = createReport();
const running = { server: undefined, browser: undefined, sandbox: undefined, emulator: undefined };

process.on('exit', () => {
  running.server?.killNow();
  running.emulator?.killNow();
  if (running.sandbox && !config.keepSandbox) rmSync(running.sandbox.root, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    report.fail('run', new Error(`interrupted by ${signal}`));
    abort(`${signal}: stopping`, 130);
  });
}
const overallTimer = setTimeout(() => {
  report.fail('overall timeout', new Error(`${config.timeoutMs / 1000}s`));
  abort(`overall timeout of ${config.timeoutMs / 1000}s reached`, 1);
}, config.timeoutMs);
overallTimer.unref();

/** Stops the browser and server (each given a few seconds), prints the summary and exits. */
async function abort(reason, code) {
  console.error(`\nFAIL: ${reason}`);
  const capped = (promise) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await capped(running.browser?.close().catch(() => {}));
  await capped(running.server?.stop());
  await capped(running.emulator?.stop());
  report.printSummary();
  process.exit(code);
}

async function main() {
  const { extension, install } = await report.step('preflight', async () => {
    checkChromium(config.chromiumPath);
    const found = {
      extension: checkExtension(config.extensionPath, config.repoRoot),
      install: locateCodeServer(config.repoRoot, config.codeServerVersion),
    };
    console.log(`  extension ${found.extension.id} from ${found.extension.path}`);
    console.log(
      `  VS Code ${found.install.vscodeVersion} (code-server ${found.install.version}), node ${found.install.node}`,
    );
    return found;
  });
  await rm(config.resultsDir, { recursive: true, force: true });
  await mkdir(config.resultsDir, { recursive: true });

  await report.step('bundle extension-host suite', () => bundleSuite(config));

  const sandbox = await createSandbox(config.workspaceFixture);
  running.sandbox = sandbox;
  process.env.TMPDIR = sandbox.tmp; // Playwright's own temporary files
  const env = sandboxEnv(sandbox);
  console.log(`  sandbox ${sandbox.root}`);

  // The cluster the extension sees: the API emulator with the bookinfo mesh, as the current context.
  const emulator = await report.step('start Kubernetes API emulator', () =>
    startEmulator({
      repoRoot: config.repoRoot,
      dir: sandbox.root,
      logFile: join(config.resultsDir, 'emulator.log'),
    }),
  );
  running.emulator = emulator;
  env.KUBECONFIG = emulator.kubeconfig;
  console.log(`  emulator pid ${emulator.pid}, KUBECONFIG ${emulator.kubeconfig}`);

  const server = await report.step('start VS Code server', async () => {
    const started = await startVscodeServer({
      install,
      dirs: sandbox,
      env,
      logFile: join(config.resultsDir, 'server.log'),
      echo: config.verbose,
    });
    console.log(`  pid ${started.pid}, ${started.origin}`);
    return started;
  });
  running.server = server;

  const url = (withTests) =>
    workbenchUrl(server.origin, {
      folder: sandbox.workspace,
      extensionDevelopmentPath: extension.path,
      extensionTestsPath: withTests ? config.suiteBundle : undefined,
      skipWelcome: true,
    });
  // A fresh browser profile per phase, so phase B does not restore phase A's editors.
  const withBrowser = async (phase, action) => {
    const browser = await report.step(`phase ${phase}: launch Chromium`, () =>
      launchBrowser({ executablePath: config.chromiumPath, profileDir: join(sandbox.browser, phase), env }),
    );
    running.browser = browser;
    try {
      await action(browser);
    } catch {
      // recorded by its step; go on with the next phase
    } finally {
      running.browser = undefined;
      await browser.close().catch((error) => console.error(`closing Chromium: ${message(error)}`));
    }
  };

  if (config.phases.has('A')) {
    await withBrowser('A', (browser) =>
      report.step('phase A: extension-host tests', () =>
        runExtensionTests({
          context: browser,
          url: url(true),
          resultsDir: config.resultsDir,
          verbose: config.verbose,
        }),
      ),
    );
  }
  if (config.phases.has('B')) {
    await withBrowser('B', (browser) =>
      runUiChecks({
        emulator,
        context: browser,
        url: url(false),
        workspace: sandbox.workspace,
        resultsDir: config.resultsDir,
        step: report.step,
        verbose: config.verbose,
      }),
    );
  }
}

async function cleanUp() {
  await running.browser?.close().catch((error) => console.error(`closing Chromium: ${message(error)}`));
  await running.server?.stop();
  await running.emulator?.stop();
  if (running.sandbox && !config.keepSandbox) await removeSandbox(running.sandbox);
  else if (running.sandbox) console.log(`sandbox kept: ${running.sandbox.root}`);
}

try {
  await main();
} catch (error) {
  if (error instanceof PreflightError) console.error(`\nFAIL: ${error.message}`);
  if (!isReported(error)) {
    console.error(error);
    report.fail('run', error);
  }
} finally {
  await cleanUp();
}
const ok = report.printSummary();
console.log(`screenshots and logs: ${config.resultsDir}`);
process.exit(ok ? 0 : 1);
