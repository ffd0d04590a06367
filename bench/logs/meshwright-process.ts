/**
 * Starts the benchmark's Meshwright side in a process of its own: bench/logs/meshwright-child.ts bundled
 * with esbuild the way scripts/build.mjs bundles the extension (one CommonJS file, Node 22 target), run by
 * this Node, its JSON result read from stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Delivery } from './delivery-check';
import { RESULT_PREFIX, type ChildOptions } from './child-protocol';
import type { MeshwrightRun } from './meshwright-run';

export async function runMeshwrightProcess(
  options: ChildOptions,
): Promise<{ run: MeshwrightRun; delivery: Delivery }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-logs-child-'));
  try {
    const outfile = path.join(dir, 'meshwright-child.js');
    await build({
      entryPoints: [path.resolve(__dirname, 'meshwright-child.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      minify: true,
      logLevel: 'error',
    });
    const child = spawn(
      process.execPath,
      [...(process.env.LOGS_NODE_ARGS?.split(' ').filter(Boolean) ?? []), outfile, JSON.stringify(options)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (process.env.LOGS_CHILD_STDOUT) process.stderr.write(d);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the Meshwright bench process exited with ${code}`);
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (!line) throw new Error('the Meshwright bench process printed no result');
    return JSON.parse(line.slice(RESULT_PREFIX.length)) as { run: MeshwrightRun; delivery: Delivery };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
