/**
 * One measurement in the browser: open the workspace, open files one after the other from the Explorer (each activates
 * the extension that handles its language), then read VS Code's own activation times from
 * "Developer: Show Running Extensions" — the figure VS Code shows as "Activation: N ms"
 * (codeLoadingTime + activateCallTime, measured by the extension host itself).
 */
import { chromium, type Page } from 'playwright-core';

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
const SETTLE_MS = 2_500;

/** What to open and which extension (id or display name, as the Running Extensions list shows) to read. */
export interface Subject {
  file: string;
  names: string[];
}

/** Activation ms per subject (undefined: not seen activated), in the order given. */
export async function measureInBrowser(
  chromiumPath: string,
  origin: string,
  workspace: string,
  subjects: Subject[],
): Promise<(number | undefined)[]> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    // tall, so that every running extension's row is rendered (the list is virtual)
    const page = await browser.newPage({ viewport: { width: 1400, height: 3000 } });
    await page.goto(`${origin}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(SETTLE_MS); // startup extensions settle first
    for (const s of subjects) {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: s.file }).first().click();
      await page.locator('.tabs-container .tab', { hasText: s.file }).first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(SETTLE_MS);
    }
    await runCommand(page, 'Developer: Show Running Extensions');
    const rows = page.locator('.runtime-extensions-editor .extension');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const table = await readRows(page);
      const found = subjects.map((s) => s.names.map((n) => table.get(n)).find((v) => v !== undefined));
      if (found.every((v) => v !== undefined) || Date.now() > deadline) return found;
      await rows
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      await page.waitForTimeout(300);
    }
  } finally {
    await browser.close();
  }
}

/** Runs a command from the palette; retries when the first key press is swallowed. */
async function runCommand(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    if (await input.isVisible().catch(() => false)) break;
    try {
      await input.waitFor({ state: 'visible', timeout: 2_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  await input.fill(`>${text}`);
  await page.waitForTimeout(700);
  await page.keyboard.press('Enter');
}

/** name → activation ms of every row showing "Activation: N ms" (or "Startup Activation"). */
async function readRows(page: Page): Promise<Map<string, number>> {
  const rows = await page.locator('.runtime-extensions-editor .extension').evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.name')?.textContent ?? '',
      time: el.querySelector('.activation-time')?.textContent ?? '',
    })),
  );
  const table = new Map<string, number>();
  for (const r of rows) {
    const m = /Activation: (\d+(?:\.\d+)?)\s*ms/.exec(r.time);
    if (m) table.set(r.name.trim(), Number(m[1]));
  }
  return table;
}
