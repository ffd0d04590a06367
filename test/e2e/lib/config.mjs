// Settings of an e2e run: repository paths and the environment variables that override them.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * MESHWRIGHT_E2E_EXTENSION_PATH  extension folder to load (default: the repository root)
 * MESHWRIGHT_CODE_SERVER_VERSION code-server install to use from .cache/ (default 4.139.1)
 * MESHWRIGHT_E2E_CHROMIUM        browser binary (default /usr/bin/chromium)
 * MESHWRIGHT_E2E_TIMEOUT_MS      overall time limit (default 300000)
 * MESHWRIGHT_E2E_PHASES          phases to run: "A" extension-host tests, "B" UI checks (default "A,B")
 * MESHWRIGHT_E2E_KEEP=1          keep the per-run sandbox folder
 * MESHWRIGHT_E2E_VERBOSE=1       also echo server output and browser console
 */
export function readConfig(env = process.env) {
  return {
    repoRoot,
    extensionPath: resolve(env.MESHWRIGHT_E2E_EXTENSION_PATH || repoRoot),
    codeServerVersion: env.MESHWRIGHT_CODE_SERVER_VERSION || '4.139.1',
    chromiumPath: env.MESHWRIGHT_E2E_CHROMIUM || '/usr/bin/chromium',
    timeoutMs: Number(env.MESHWRIGHT_E2E_TIMEOUT_MS || 300_000),
    phases: new Set((env.MESHWRIGHT_E2E_PHASES || 'A,B').toUpperCase().split(/[\s,]+/)),
    keepSandbox: env.MESHWRIGHT_E2E_KEEP === '1',
    verbose: env.MESHWRIGHT_E2E_VERBOSE === '1',
    suiteEntry: join(repoRoot, 'test/e2e/suite/index.ts'),
    suiteBundle: join(repoRoot, 'out/e2e/index.js'),
    workspaceFixture: join(repoRoot, 'test/e2e/workspace'),
    resultsDir: join(repoRoot, 'test-results/e2e'),
  };
}
