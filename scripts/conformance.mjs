// istioctl-analyze conformance: istio's own analyzer test grid (../shared/istio-analyze, beside the
// repository) against dist/cli.js. Fails below FLOOR, the parity reached so far: raise it as
// analyzers land so the score cannot silently drop. Exit 3 (skipped) when the grid is not there.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const FLOOR = 99.0;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const grid = process.env.MESHWRIGHT_ISTIO_ANALYZE ?? path.resolve(root, '../shared/istio-analyze');
if (!fs.existsSync(path.join(grid, 'run.mjs'))) {
  console.log(`skipped: istio's analyzer grid is not at ${grid} (set MESHWRIGHT_ISTIO_ANALYZE)`);
  process.exit(3);
}
const out = path.join(root, 'test-results', 'conformance.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
const run = spawnSync(
  process.execPath,
  [
    path.join(grid, 'run.mjs'),
    '--json',
    out,
    ...process.argv.slice(2),
    '--',
    process.execPath,
    path.join(root, 'dist/cli.js'),
    'analyze',
    '--output',
    'json',
  ],
  { encoding: 'utf8', maxBuffer: 64 << 20 },
);
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const parity = Number(/parity: ([\d.]+)%/.exec(run.stdout)?.[1]);
if (!Number.isFinite(parity)) {
  console.error('conformance: the runner printed no parity');
  process.exit(1);
}
if (parity < FLOOR) {
  console.error(`conformance: parity ${parity}% is below the floor ${FLOOR}%`);
  process.exit(1);
}
console.log(`conformance: parity ${parity}% (floor ${FLOOR}%)`);
