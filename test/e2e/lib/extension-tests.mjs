// Phase A: the Mocha suite inside the real extension host; the workbench reports its end through
// window.codeAutomationExit(code, logs).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

import { createWorkbenchLog } from './workbench-log.mjs';
import { newWorkbenchPage, waitForWorkbench } from './workbench.mjs';

const TESTS_TIMEOUT_MS = 180_000;

export async function runExtensionTests({ context, url, resultsDir, verbose }) {
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const log = createWorkbenchLog(join(resultsDir, 'workbench-A.log'), { verbose });
  const page = await newWorkbenchPage(context, {
    verbose,
    onLog: log.write,
    onExit: (code, logs) => finish({ code, logs }),
  });
  try {
    await page.goto(url);
    await waitForWorkbench(page);
    await page.screenshot({ path: join(resultsDir, 'A-01-workbench.png') });

    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`extension-host tests did not finish in ${TESTS_TIMEOUT_MS / 1000}s`)),
        TESTS_TIMEOUT_MS,
      );
    });
    const { code, logs } = await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    await page.screenshot({ path: join(resultsDir, 'A-02-tests-finished.png') });
    await saveLogs(join(resultsDir, 'logs-A'), logs);
    if (code !== 0) {
      throw new Error(`extension-host tests failed (exit code ${code}); see the Mocha output above`);
    }
  } catch (error) {
    await page.screenshot({ path: join(resultsDir, 'A-99-failure.png') }).catch(() => {});
    throw error;
  } finally {
    await page.close().catch(() => {});
    await log.close();
  }
}

/** The workbench hands over its log files ({relativePath, contents}); keep them with the screenshots. */
async function saveLogs(dir, logs) {
  for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
    const target = normalize(join(dir, relativePath));
    if (!target.startsWith(dir)) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
  }
}
