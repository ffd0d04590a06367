/**
 * Load time of dist/extension.js in plain Node (a fresh process each time) with a stub `vscode` module:
 * the code-loading part of activation without VS Code, for comparison with what VS Code reports.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// The stub exports every name @types/vscode declares (esbuild's interop copies a module's own keys),
// each a class whose instances and members are stubs again.
const SCRIPT = `
const Module = require('module');
const names = process.argv[2].split(',');
const handler = { get: (t, k) => (k === 'prototype' ? {} : k === Symbol.toPrimitive ? () => '' : stub()), apply: () => stub(), construct: () => stub() };
function stub() { return new Proxy(function () {}, handler); }
const api = {};
for (const name of names) api[name] = stub();
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
const start = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - start));
`;

/** The top-level names of the vscode API (classes, enums, namespaces, functions, constants). */
function vscodeNames(repoRoot: string): string[] {
  const dts = readFileSync(path.join(repoRoot, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of dts.matchAll(/^\t(?:export )?(?:class|enum|namespace|const|function|let) (\w+)/gm))
    names.add(m[1]!);
  return [...names];
}

/** Milliseconds to require the bundle, once per fresh Node process, `runs` times. */
export function nodeLoadTimes(repoRoot: string, runs: number): number[] {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const names = vscodeNames(repoRoot).join(',');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', SCRIPT, bundle, names], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loading ${bundle} failed: ${r.stderr}`);
    times.push(Math.round(Number(r.stdout) * 100) / 100);
  }
  return times;
}
