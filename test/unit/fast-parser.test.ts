/**
 * Differential test: wherever the fast parser accepts a document, it must build exactly what `yaml`
 * builds (node kinds, values, scalar styles, ranges) and `yaml` must see no error in it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { yamlFiles } from '../../server/src/cli/files';
import { fastParse } from '../../server/src/service/parser/fast/fast-parser';
import { PARSE_OPTIONS } from '../../server/src/service/parser/mesh-document';
import { splitDocuments } from '../../server/src/service/parser/split';

function compare(fast: unknown, full: unknown, text: string, where: string): void {
  const label = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : String(n));
  assert.equal(label(fast), label(full), `${where}: node kind`);
  if (isScalar(fast) && isScalar(full)) {
    assert.ok(
      Object.is(fast.value, full.value) || fast.value === full.value,
      `${where}: value ${String(fast.value)} vs ${String(full.value)}`,
    );
    assert.equal(fast.type, full.type, `${where}: scalar style`);
    assert.deepEqual(fast.range!.slice(0, 2), full.range!.slice(0, 2), `${where}: range`);
    return;
  }
  if ((isMap(fast) && isMap(full)) || (isSeq(fast) && isSeq(full))) {
    assert.equal(fast.range![0], full.range![0], `${where}: start`);
    const [a, b] = [fast.range![1], full.range![1]].sort((x, y) => x - y);
    const between = text.slice(a, b);
    assert.ok(/^(\s|#[^\n]*)*$/.test(between), `${where}: end ${fast.range![1]} vs ${full.range![1]}`);
    assert.equal(fast.items.length, full.items.length, `${where}: item count`);
    fast.items.forEach((item: unknown, i: number) => {
      const other = full.items[i] as unknown;
      if (isMap(fast)) {
        const [p, q] = [item as { key: unknown; value: unknown }, other as { key: unknown; value: unknown }];
        compare(p.key, q.key, text, `${where}.key${i}`);
        compare(p.value, q.value, text, `${where}.${String((p.key as { value: unknown }).value)}`);
      } else {
        compare(item, other, text, `${where}[${i}]`);
      }
    });
  }
}

/** Returns whether the fast path took the chunk. */
function check(text: string): boolean {
  const fast = fastParse(text);
  if (!fast) return false;
  const full = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
  assert.equal(full.length, 1, `one document expected in ${JSON.stringify(text)}`);
  const doc = full[0]!;
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    `fast path accepted invalid YAML: ${JSON.stringify(text)}`,
  );
  compare(fast.contents, doc.contents, text, `${JSON.stringify(text)}\nroot`);
  assert.deepEqual(fast.toJS(), doc.toJS(), 'values');
  return true;
}

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

const FIXTURES = path.resolve(__dirname, '../fixtures/mesh');
const SAMPLES = path.resolve(__dirname, '../../../shared/istio-samples');

describe('fast YAML parser (differential against yaml)', () => {
  it('builds the same tree for hand-picked shapes', () => {
    const accepted = [
      'a: 1 # c\nb:\n  c: x\n  d:\n  - e\n  -  f: 1\n     g: [1, "x", {h: i}]\n# tail\nk:\n\nz: ~\n',
      '---\napiVersion: v1\nkind: ConfigMap\ndata:\n  script: |\n    #!/bin/sh\n    echo "hi"\n\n    exit 0\n  strip: |-\n    q\n  n: {}\n  e: []\n',
      'a: "esc \\" \\u00e9 \\t"\nb: \'it\'\'s\'\nc: -1.5e3\nd: 0x1F\ne: 0o17\nf: .inf\ng: TRUE\nh: null\ni: http://x:80/y\n"j k": v\n1: one\n',
      "list:\n- a\n-\n  b: 1\n- [x, y]\n- {p: q}\n- 's'\n",
      'a:\r\n  b: 1\r\n  c:\r\n  - d\r\n',
    ];
    for (const text of accepted) assert.ok(check(text), `fast path should take ${JSON.stringify(text)}`);
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: >\n  folded\n',
      'a: b\n  c\n',
      'a:\n\tb: 1\n',
      'a: 1\na: 2\n',
      '- - x\n',
      'a: [1,\n  2]\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
    ]) {
      assert.equal(fastParse(text), undefined, `fast path must leave ${JSON.stringify(text)} to yaml`);
    }
  });

  it("agrees on every document of the fixtures and of Istio's samples", () => {
    const files = [...yamlFiles([FIXTURES]), ...(fs.existsSync(SAMPLES) ? yamlFiles([SAMPLES]) : [])];
    let taken = 0;
    let chunks = 0;
    for (const file of files) {
      for (const chunk of splitDocuments(fs.readFileSync(file, 'utf8'))) {
        chunks++;
        if (check(chunk.text)) taken++;
      }
    }
    console.log(`      fast path took ${taken} of ${chunks} documents`);
    assert.ok(taken / chunks > 0.8, `fast path took only ${taken} of ${chunks}`);
  });

  it('agrees on thousands of seeded mutations (and never accepts what yaml rejects)', () => {
    const base = yamlFiles([FIXTURES]).flatMap((f) =>
      splitDocuments(fs.readFileSync(f, 'utf8')).map((c) => c.text),
    );
    const rnd = mulberry32(Number(process.env.FUZZ_SEED ?? 7));
    const pieces = [
      ' ',
      '  ',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ',',
      '|',
      '|-',
      '\n',
      '\n  ',
      'x',
      '1',
      '.5',
      '~',
      '\\',
      '\\u00e9',
      '\\x4',
      '&a ',
      '*a',
      '!',
      '>',
      '?',
      '%',
      '@',
      '---',
      '...',
      '\r\n',
      '0x1F',
      '0o7',
      '-.inf',
      'True',
      'null',
      '1e3',
      '\t',
    ];
    let taken = 0;
    const n = Number(process.env.FUZZ_ITERATIONS ?? 3000);
    for (let i = 0; i < n; i++) {
      let text = base[Math.floor(rnd() * base.length)]!;
      for (let m = 0; m < 1 + Math.floor(rnd() * 3); m++) {
        const at = Math.floor(rnd() * text.length);
        text =
          rnd() < 0.6
            ? text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 4));
      }
      if (check(text)) taken++;
    }
    console.log(`      fast path took ${taken} of ${n} mutants`);
    assert.ok(taken > n / 10);
  });
});
