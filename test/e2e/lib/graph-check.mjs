// UI check of the service graph in the real workbench: open it from the command palette, pick the
// namespace, wait for the nodes to render inside the webview (two nested iframes in the browser
// workbench), open a node's details, and save screenshots.
import { retry } from './ui-actions.mjs';

const QUICK_INPUT = '.quick-input-widget input';
const DEFAULT_NODES = ['productpage', 'reviews', 'ratings', 'details'];

/** The document inside the newest webview: outer `iframe.webview.ready`, inner `iframe#active-frame`. */
export function webviewContent(page) {
  return page
    .locator('iframe.webview.ready')
    .last()
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** F1, run "Meshwright: Show Service Graph", pick `namespace` in the quick pick. */
export async function openServiceGraph(page, namespace) {
  await retry('the Show Service Graph command', 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill('>Meshwright: Show Service Graph');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Service Graph' })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    // The namespace pick replaces the command list.
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Show Service Graph' })
      .waitFor({ timeout: 10_000 });
  });
  const input = page.locator(QUICK_INPUT);
  await input.fill(namespace);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: namespace })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page
    .locator('.tabs-container .tab.active', { hasText: 'Service Graph' })
    .waitFor({ timeout: 10_000 });
}

/**
 * The whole check; `shoot(name)` saves a screenshot (ui-checks.mjs's helper). Resolves with the names
 * of the rendered nodes; throws when one of `nodes` is missing after `timeout` ms.
 */
export async function checkServiceGraph(
  page,
  shoot,
  { namespace = 'bookinfo', nodes = DEFAULT_NODES, timeout = 60_000 } = {},
) {
  await openServiceGraph(page, namespace);
  const view = webviewContent(page);
  await view.locator('body[data-rendered]').waitFor({ state: 'attached', timeout });
  const list = view.locator('#node-list button[data-node-id]');
  for (const name of nodes) {
    await list.filter({ hasText: name }).first().waitFor({ state: 'attached', timeout });
  }
  const canvases = await view.locator('#graph canvas').count();
  if (canvases === 0) throw new Error('the graph webview has no canvas');
  const rendered = (await list.allTextContents()).map((t) => t.trim());
  const status = (await view.locator('#toolbar .status').textContent())?.trim();
  console.log(`  service graph (${namespace}): ${rendered.length} nodes: ${rendered.join(', ')}; ${status}`);
  await shoot('service-graph');

  // Keyboard path into the canvas: the node list button selects the node and shows its details.
  const target = list.filter({ hasText: nodes[1] ?? nodes[0] }).first();
  await target.focus();
  await target.press('Enter');
  await view.locator('#details h2', { hasText: nodes[1] ?? nodes[0] }).waitFor({ timeout: 10_000 });
  await shoot('service-graph-details');
  return rendered;
}
