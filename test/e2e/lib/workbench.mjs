// Debian Chromium driven by playwright-core, and the workbench URL with its development payload.
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

// Without the background-networking flags Chromium keeps trying to reach Google on this closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser({ executablePath, profileDir, env }) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
    viewport: { width: 1400, height: 900 },
    // run.mjs handles signals: it closes the browser and stops the server itself.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
}

/**
 * `payload` entries are read by the workbench only with --enable-smoke-test-driver; their paths are
 * vscode-remote URIs whose authority must be the host:port the browser uses.
 */
export function workbenchUrl(origin, { folder, extensionDevelopmentPath, extensionTestsPath, skipWelcome }) {
  const authority = new URL(origin).host;
  const remote = (path) => `vscode-remote://${authority}${pathToFileURL(path).pathname}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (skipWelcome) payload.push(['skipWelcome', 'true']);
  const url = new URL(origin);
  url.searchParams.set('folder', folder);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A new tab; the automation hooks must exist before the workbench loads. */
export async function newWorkbenchPage(context, { onLog, onExit, verbose }) {
  const page = await context.newPage();
  await page.exposeFunction('codeAutomationLog', (type, args) => onLog?.(type, args));
  await page.exposeFunction('codeAutomationExit', (code, logs) => onExit?.(code, logs));
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  if (verbose) {
    page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
  }
  return page;
}

export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
}
