/**
 * Seeded fuzzing: mutations of valid mesh YAML through every service entry point. Asserts no
 * exception and a hang guard per input. Reproduce a failure with FUZZ_SEED=<seed> FUZZ_ITERATIONS=<n>.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeshTextDocument } from '../../server/src/service/language-service';
import { service } from '../helpers/service';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const HANG_GUARD_MS = 5_000;
const ALPHABET = [
  ':',
  '-',
  ' ',
  '  ',
  '\t',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '#',
  '\n',
  '\r\n',
  '|',
  '>',
  '!!',
  '%',
  '---',
  'x',
  '0',
  '\u00e9',
  '\uFFFF',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, rnd: () => number) => string;
const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)]!;
const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));

const MUTATIONS: Mutation[] = [
  (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + pick(ALPHABET, r) + t.slice(i);
  },
  (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 20));
  },
  (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, lines[Math.floor(r() * lines.length)]!);
    return lines.join('\n');
  },
  (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = (r() < 0.5 ? ' ' : '') + lines[i]!.replace(/^ /, r() < 0.5 ? '' : '   ');
    return lines.join('\n');
  },
  (t, r) => t.slice(0, at(t, r)),
  (t, r) => {
    const lines = t.split('\n');
    const a = Math.floor(r() * lines.length);
    const b = Math.floor(r() * lines.length);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  },
];

function corpus(): string[] {
  const fixtures = path.resolve(__dirname, '../fixtures/mesh');
  const files = fs.readdirSync(fixtures).map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'));
  const snippets = service()
    .complete(service().parse('file:///empty.yaml', 1, ''), { line: 0, character: 0 })
    .items.map((i) =>
      i.textEdit!.newText.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:?([^}]*)\}/g, '$1'),
    );
  return [...files, ...snippets];
}

function exercise(doc: MeshTextDocument, rnd: () => number): void {
  service().validate(doc);
  const line = Math.floor(rnd() * doc.lines.lineCount);
  const character = Math.floor(rnd() * (doc.lines.lineText(line).length + 2));
  service().complete(doc, { line, character });
  service().hover(doc, { line, character });
  service().documentSymbols(doc);
}

describe('robustness: seeded fuzzing', function () {
  this.timeout(0);

  it(`survives ${ITERATIONS} mutations of valid mesh YAML (seed ${SEED})`, () => {
    const inputs = corpus();
    const rnd = mulberry32(SEED);
    let slowest = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const base = pick(inputs, rnd);
      let text = base;
      const rounds = 1 + Math.floor(rnd() * 4);
      for (let m = 0; m < rounds; m++) text = pick(MUTATIONS, rnd)(text, rnd);
      const started = Date.now();
      try {
        // Parse the original first, then the mutant against it: exercises chunk reuse too.
        const previous = service().parse(`file:///fuzz${i}.yaml`, 1, base);
        exercise(service().parse(`file:///fuzz${i}.yaml`, 2, text, previous), rnd);
      } catch (err) {
        assert.fail(`iteration ${i} threw on input ${JSON.stringify(text)}:\n${(err as Error).stack}`);
      }
      const ms = Date.now() - started;
      slowest = Math.max(slowest, ms);
      assert.ok(ms < HANG_GUARD_MS, `iteration ${i} took ${ms} ms on ${JSON.stringify(text)}`);
    }
    console.log(`      ${ITERATIONS} inputs, slowest ${slowest} ms`);
  });
});
