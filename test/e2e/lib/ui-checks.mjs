// Phase B: the workbench as a user sees it, driven with Playwright: Quick Open, squiggles,
// the suggest widget and the Problems panel.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { checkServiceGraph } from './graph-check.mjs';
import { completionLine, goToLine, quickOpen, retry, suggestionLabels } from './ui-actions.mjs';
import { createWorkbenchLog } from './workbench-log.mjs';
import { newWorkbenchPage, waitForWorkbench } from './workbench.mjs';

const FILE = 'virtual-service.yaml';
const EXPECTED_KEYS = ['http', 'gateways', 'exportTo'];
const SERVER_READY_TIMEOUT_MS = 60_000;
const INDENT = 2;
const SQUIGGLES = ['error', 'warning', 'info'].map((level) => `.monaco-editor .squiggly-${level}`).join(', ');

export async function runUiChecks({ context, url, workspace, resultsDir, step, verbose, emulator }) {
  const log = createWorkbenchLog(join(resultsDir, 'workbench-B.log'), { verbose });
  const page = await newWorkbenchPage(context, { verbose, onLog: log.write });
  let shots = 0;
  const shoot = (name) =>
    page.screenshot({ path: join(resultsDir, `B-${String(++shots).padStart(2, '0')}-${name}.png`) });
  const uiStep = (name, action) =>
    step(`UI: ${name}`, action).catch(async (error) => {
      await shoot('failure').catch(() => {});
      throw error;
    });

  try {
    // Each step needs the one before it.
    await uiStep('workbench loads with the workspace', async () => {
      await page.goto(url);
      await waitForWorkbench(page);
      await page.getByRole('treeitem', { name: FILE }).first().waitFor({ timeout: 60_000 });
      await shoot('workbench');
    });
    await uiStep(`Quick Open opens ${FILE}`, async () => {
      await quickOpen(page, FILE);
      await page.locator('.monaco-editor .view-lines', { hasText: 'hostz' }).waitFor();
      await shoot('file-open');
    });
    await uiStep('Meshwright language server is ready (squiggle in the editor)', async () => {
      await page.locator(SQUIGGLES).first().waitFor({ state: 'attached', timeout: SERVER_READY_TIMEOUT_MS });
      await shoot('server-ready');
    });

    // These do not depend on each other: run both, then report the first failure.
    let failure;
    await uiStep(`completion under spec: lists ${EXPECTED_KEYS.join(', ')}`, () =>
      checkCompletion(page, join(workspace, FILE), shoot),
    ).catch((error) => (failure ??= error));
    await uiStep('Problems panel lists the meshwright diagnostic for hostz', () =>
      checkProblems(page, shoot),
    ).catch((error) => (failure ??= error));
    await uiStep('quick fix replaces hostz with hosts', () => checkQuickFix(page, shoot, workspace)).catch(
      (error) => (failure ??= error),
    );
    await uiStep('hover explains a field', () => checkHover(page, shoot, workspace)).catch(
      (error) => (failure ??= error),
    );
    await uiStep('Meshwright explorer shows the cluster namespaces and the status bar the context', () =>
      checkExplorer(page, shoot),
    ).catch((error) => (failure ??= error));
    await uiStep('canary CodeLens "Promote → 25%" moves the weights in the cluster', () =>
      checkCanaryPromotion(page, shoot, emulator, workspace),
    ).catch((error) => (failure ??= error));
    await uiStep('Tail Logs streams the reviews pods into a terminal', () => checkLogTail(page, shoot)).catch(
      (error) => (failure ??= error),
    );
    // last: the graph's webview takes the keyboard focus
    await uiStep('service graph renders the bookinfo nodes', () => checkServiceGraph(page, shoot)).catch(
      (error) => (failure ??= error),
    );
    if (failure) throw failure;
  } finally {
    await page.close().catch(() => {});
    await log.close();
  }
}

async function checkCompletion(page, file, shoot) {
  const { lineNumber, indent } = await completionLine(file);
  await goToLine(page, lineNumber);
  await page.keyboard.press('End');
  if (indent < INDENT) await page.keyboard.type(' '.repeat(INDENT - indent));
  const labels = await suggestionLabels(page, (names) => {
    const missing = EXPECTED_KEYS.filter((key) => !names.includes(key));
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} in ${JSON.stringify(names)}`);
  });
  console.log(`  suggest widget: ${labels.join(', ')}`);
  await shoot('completion');
  await page.keyboard.press('Escape');
}

async function checkProblems(page, shoot) {
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  const row = panel.locator('.monaco-list-row', { hasText: 'hostz' }).first();
  await row.waitFor({ timeout: SERVER_READY_TIMEOUT_MS });
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  console.log(`  problem: ${text}`);
  await shoot('problems');
  if (!/meshwright/i.test(text))
    throw new Error(`the hostz problem does not name the source meshwright: ${text}`);
}

async function checkExplorer(page, shoot) {
  await page.locator('.activitybar [aria-label^="Meshwright"]').first().click();
  const tree = page.locator('.pane-body [role="tree"]', { hasText: 'bookinfo' }).first();
  await tree.waitFor({ timeout: 30_000 });
  for (const ns of ['bookinfo', 'istio-system', 'default']) {
    await tree
      .getByRole('treeitem', { name: new RegExp(`^${ns}\\b`) })
      .first()
      .waitFor({ timeout: 10_000 });
  }
  await tree
    .getByRole('treeitem', { name: /^bookinfo\b/ })
    .first()
    .click();
  await tree
    .getByRole('treeitem', { name: /^Workloads\b/ })
    .first()
    .waitFor({ timeout: 10_000 });
  const status = page.locator('.statusbar-item', { hasText: 'default' }).first();
  await status.waitFor({ timeout: 10_000 });
  console.log(`  status bar: ${(await status.innerText()).trim()}`);
  await shoot('cluster-explorer');
}

/** Reviews' weights in the emulated cluster, e.g. "v1=90,v3=10". */
async function reviewsWeights(emulator) {
  const vs = await emulator.get('/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews');
  return vs.spec.http[0].route.map((r) => `${r.destination.subset}=${r.weight ?? 0}`).join(',');
}

async function checkCanaryPromotion(page, shoot, emulator, workspaceDir) {
  const before = await reviewsWeights(emulator);
  if (before !== 'v1=90,v3=10')
    throw new Error(`the seeded reviews weights changed before the check: ${before}`);
  await quickOpen(page, FILE);
  // the weighted route of `reviews` is in the middle of the file: bring it to the centre of the editor
  const lines = (await readFile(join(workspaceDir, FILE), 'utf8')).split('\n');
  await goToLine(page, lines.findIndex((l) => /weight: 90/.test(l)) + 1);
  const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Promote → 25%' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await shoot('canary-codelens');
  await lens.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 10_000 });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  console.log(`  confirmation: ${text.slice(0, 200)}`);
  if (!/context "emulator"/.test(text) || !/90→75/.test(text))
    throw new Error(`the confirmation does not name the context and the weight diff: ${text}`);
  await shoot('canary-confirm');
  await dialog.getByRole('button', { name: 'Promote' }).click();
  const deadline = Date.now() + 15_000;
  let now = before;
  while (Date.now() < deadline) {
    now = await reviewsWeights(emulator);
    if (now === 'v1=75,v3=25') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (now !== 'v1=75,v3=25') throw new Error(`the cluster's weights did not move: ${now}`);
  console.log(`  cluster weights: ${before} → ${now}`);
  await page
    .locator('.contentWidgets .codelens-decoration a', { hasText: 'Promote → 50%' })
    .first()
    .waitFor({ timeout: 15_000 });
  await shoot('canary-promoted');
}

/** The 1-based line of the first line of `file` matching `re`. */
async function lineOf(workspaceDir, file, re) {
  const lines = (await readFile(join(workspaceDir, file), 'utf8')).split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${file} has no line matching ${re}`);
  return i + 1;
}

async function checkQuickFix(page, shoot, workspaceDir) {
  const file = 'quick-fix.yaml';
  await quickOpen(page, file);
  // the diagnostic must be there first (the quick fix is offered for it)
  await page
    .locator('.monaco-editor .squiggly-error')
    .first()
    .waitFor({ state: 'attached', timeout: SERVER_READY_TIMEOUT_MS });
  await goToLine(page, await lineOf(workspaceDir, file, /^\s*timeout: 5$/));
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft'); // on the `5`
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Use 5s (seconds)' }).first();
  await retry('the quick fix menu', 4, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    await action.waitFor({ timeout: 4_000 });
  });
  await shoot('quick-fix');
  await action.click();
  await page
    .locator('.monaco-editor .view-lines', { hasText: 'timeout: 5s' })
    .first()
    .waitFor({ timeout: 10_000 });
  await shoot('quick-fix-applied');
}

async function checkHover(page, shoot, workspaceDir) {
  // virtual-service.yaml is open in a tab since the first steps: switch to it by clicking the tab
  await page.keyboard.press('Escape');
  await page.locator('.tabs-container .tab', { hasText: FILE }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor({ timeout: 10_000 });
  await goToLine(page, await lineOf(workspaceDir, FILE, /^\s*perTryTimeout:/));
  const hover = page.locator('.monaco-hover-content', { hasText: /timeout/i }).first();
  await retry('the hover', 4, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await hover.waitFor({ timeout: 4_000 });
  });
  console.log(`  hover: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 120)}`);
  await shoot('hover');
  await page.keyboard.press('Escape');
}

async function checkLogTail(page, shoot) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  await input.fill('>Meshwright: Tail Logs');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Meshwright: Tail Logs' })
    .first()
    .click();
  await page.locator('.quick-input-widget', { hasText: 'namespace' }).waitFor({ timeout: 10_000 });
  await input.fill('bookinfo');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: /^bookinfo/ })
    .first()
    .click();
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Whole namespace bookinfo' })
    .waitFor({ timeout: 10_000 });
  await input.fill('app=reviews');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Label selector: app=reviews' })
    .first()
    .click();
  const tab = page.locator('.terminal-tabs-entry, .tabs-list .terminal-tab, [aria-label*="Logs: "]').first();
  await tab.waitFor({ timeout: 15_000 });
  const rows = page
    .locator('.terminal-wrapper .xterm-rows, .terminal-wrapper .xterm-accessibility-tree')
    .first();
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await rows.textContent().catch(() => '')) ?? '';
    if (['reviews-v1', 'reviews-v2', 'reviews-v3'].every((p) => text.includes(p))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await shoot('log-tail');
  const pods = ['reviews-v1', 'reviews-v2', 'reviews-v3'].filter((p) => text.includes(p));
  console.log(`  terminal shows lines of: ${pods.join(', ') || '(terminal text not readable in the DOM)'}`);
  if (text && pods.length < 3)
    throw new Error(`the log terminal shows ${pods.join(', ') || 'no pod'}: ${text.slice(0, 200)}`);
}
