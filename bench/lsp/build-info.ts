/**
 * Which meshwright build was measured. The benchmark runs dist/server.js as it is (it never builds:
 * others may be mid-edit), so the summary names the bundle by hash and says when sources under
 * server/src are newer than it, i.e. when the numbers may not describe the code in the tree.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface BuildInfo {
  file: string;
  sha256: string;
  modified: string;
  /** server/src files changed after the bundle was built: how many, and the first 10. */
  newerSourceCount: number;
  newerSources: string[];
  /** Set by the caller when the bundle's hash differs at the end of the run (someone rebuilt). */
  changedDuringRun: boolean;
}

const REQUIRED = ['dist/server.js', 'server/generated/catalog.json'];

export function buildInfo(root: string): BuildInfo {
  for (const file of REQUIRED) {
    if (!fs.existsSync(path.join(root, file)))
      throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const bundle = path.join(root, 'dist/server.js');
  const built = fs.statSync(bundle).mtimeMs;
  const sources = path.join(root, 'server/src');
  const newerSources = fs
    .readdirSync(sources, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && fs.statSync(path.join(sources, file)).mtimeMs > built)
    .map((file) => `server/src/${file}`)
    .sort();
  return {
    file: 'dist/server.js',
    sha256: createHash('sha256').update(fs.readFileSync(bundle)).digest('hex').slice(0, 16),
    modified: new Date(built).toISOString(),
    newerSourceCount: newerSources.length,
    newerSources: newerSources.slice(0, 10),
    changedDuringRun: false,
  };
}
