/**
 * Pathological input: the service must answer every request without throwing or hanging. Time limits
 * here are hang guards (an order of magnitude above normal), not performance checks (see bench:lsp).
 */
import * as assert from 'node:assert/strict';
import { parse, service } from '../helpers/service';

const HANG_GUARD_MS = 10_000;

function exercise(text: string): { ms: number; diagnostics: number } {
  const started = Date.now();
  const doc = parse(text);
  const diagnostics = service().validate(doc);
  const lines = Math.min(doc.lines.lineCount, 50);
  for (let line = 0; line < lines; line += 7) {
    service().complete(doc, { line, character: 3 });
    service().hover(doc, { line, character: 2 });
  }
  service().documentSymbols(doc);
  return { ms: Date.now() - started, diagnostics: diagnostics.length };
}

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n';

describe('robustness: pathological input', function () {
  this.timeout(60_000);

  it('malformed YAML', () => {
    for (const text of [
      ': : :',
      '{[}]',
      'a: [b, c',
      "key: 'unterminated",
      '- - - -\n  : x',
      `${VS}spec:\n  hosts: [a\n`,
      '\u0000\u0001',
    ]) {
      const { ms } = exercise(text);
      assert.ok(ms < HANG_GUARD_MS);
    }
  });

  it('tabs as indentation are a syntax error, not a crash', () => {
    const doc = parse(`${VS}spec:\n\thosts:\n\t- a\n`);
    const found = service().validate(doc);
    assert.ok(found.some((d) => d.code === 'yaml-syntax'));
  });

  it('anchors and aliases validate like the values they stand for', () => {
    const text = `${VS}spec:\n  hosts: &h [reviews]\n  http:\n  - route: &r\n    - destination: {host: reviews}\n  - route: *r\n    timeout: 5s\n`;
    assert.deepEqual(service().validate(parse(text)), []);
  });

  it('alias bombs (billion laughs) are refused quickly', () => {
    const bomb = [
      `${VS}spec:`,
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      '  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      '  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
      '',
    ].join('\n');
    const { ms, diagnostics } = exercise(bomb);
    assert.ok(ms < HANG_GUARD_MS, `took ${ms} ms`);
    assert.ok(diagnostics > 0, 'unknown fields a…i are still reported');
  });

  it('a 5 MB file', () => {
    const resource = `${VS}spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n      weight: 100\n    timeout: 5s\n---\n`;
    const text = resource.repeat(Math.ceil((5 * 1024 * 1024) / resource.length));
    const { ms, diagnostics } = exercise(text);
    assert.equal(diagnostics, 0);
    assert.ok(ms < HANG_GUARD_MS * 3, `took ${ms} ms`);
  });

  it('deeply nested input', () => {
    for (const text of [
      `${VS}spec:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      `${VS}spec:\n  x: ${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}\n`,
      Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      `${VS}spec:\n${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(2 * i + 2)}- `).join('\n')}`,
    ]) {
      const { ms } = exercise(text);
      assert.ok(ms < HANG_GUARD_MS, `took ${ms} ms`);
    }
  });

  it('binary junk', () => {
    let seed = 42;
    const bytes = Array.from({ length: 200_000 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return String.fromCharCode(seed % 256);
    }).join('');
    const { ms } = exercise(bytes);
    assert.ok(ms < HANG_GUARD_MS);
  });

  it('CRLF line endings give the same ranges as LF', () => {
    const lf = `${VS}spec:\n  hostz: [a]\n  http:\n  - timeout: 5\n`;
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = service().validate(parse(lf));
    const b = service().validate(parse(crlf));
    assert.deepEqual(
      b.map((d) => d.range),
      a.map((d) => d.range),
    );
    assert.equal(a.length, 2);
    const labels = service()
      .complete(parse(crlf.replace('  hostz: [a]\r\n', '  \r\n')), { line: 5, character: 2 })
      .items.map((i) => i.label);
    assert.ok(labels.includes('hosts'));
  });
});
