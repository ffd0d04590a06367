// Keyboard-level actions on the VS Code workbench, with the retries its timing needs.
import { readFile } from 'node:fs/promises';

const QUICK_INPUT = '.quick-input-widget input';

export async function retry(what, attempts, action) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(
    `gave up waiting for ${what} after ${attempts} attempts: ${lastError?.message ?? lastError}`,
  );
}

/** Ctrl+P, type the name, Enter; done when the file's tab is the active one. */
export async function quickOpen(page, fileName) {
  await retry(`Quick Open to open ${fileName}`, 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator(QUICK_INPUT);
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(fileName);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: fileName })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 10_000 });
  });
}

export async function goToLine(page, lineNumber) {
  await page.keyboard.press('Control+G');
  await page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.type(String(lineNumber));
  await page.keyboard.press('Enter');
}

/** Ctrl+Space until the suggest widget shows rows (the first one after load may be swallowed). */
export async function suggestionLabels(page, accept) {
  return retry('the suggest widget', 6, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const labels = page.locator('.suggest-widget.visible .monaco-list-row .label-name');
    await labels.first().waitFor({ timeout: 3_000 });
    const names = (await labels.allTextContents()).map((name) => name.trim());
    accept(names);
    return names;
  });
}

/** Same rule as the suite (test/e2e/suite/fixture.ts): the first blank line under the last `spec:`. */
export async function completionLine(file) {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const spec = lines.findLastIndex((text) => /^spec:\s*$/.test(text));
  const line = lines.findIndex((text, index) => index > spec && text.trim() === '');
  if (spec < 0 || line < 0) throw new Error(`${file} has no blank line under its last spec:`);
  return { lineNumber: line + 1, indent: lines[line].length };
}
