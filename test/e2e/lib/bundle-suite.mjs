// Bundles the extension-host suite (test/e2e/suite) into one CommonJS file VS Code can require.
import { build } from 'esbuild';

export async function bundleSuite({ suiteEntry, suiteBundle }) {
  await build({
    entryPoints: [suiteEntry],
    outfile: suiteBundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // Mocha's parallel mode (never used here) require.resolve()s its worker files.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}
