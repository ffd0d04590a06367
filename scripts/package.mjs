// `npm run package`: build, then a .vsix holding only the bundles, manifest, grammars and media.
// Fails if a source or test file slipped in; prints the size.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['scripts/build.mjs']);
run(path.join(root, 'node_modules/.bin/vsce'), [
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--skip-license',
  '--no-rewrite-relative-links', // README screenshots stay relative (docs/screenshots), readable in the repository
  '--out',
  out,
]);
const listing = execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], {
  cwd: root,
  encoding: 'utf8',
});
const files = listing.split('\n').filter(Boolean);
const forbidden = files.filter(
  (f) => /\.(ts|map)$/.test(f) || /^(test|server|client|scripts|bench)\//.test(f),
);
if (forbidden.length) {
  console.error(`package holds files it must not: ${forbidden.join(', ')}`);
  process.exit(1);
}
const size = fs.statSync(out).size;
console.log(`\n${path.basename(out)}: ${(size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);
for (const f of files) console.log(`  ${f}`);
