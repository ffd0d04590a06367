/**
 * RE2 syntax check for the regular expressions Istio hands to Envoy. Istio validates them with Go's
 * `regexp.Compile` (RE2 syntax, Perl flags) and Envoy compiles them with RE2, so this is a port of the
 * error paths of Go's `regexp/syntax` parser: it accepts exactly the syntax RE2 accepts (named groups
 * `(?P<n>…)`, flags `(?i)`, `\Q…\E`, `\z`, `\pL`, `[[:alpha:]]`, `\x{10FFFF}` …) and names the
 * constructs RE2 leaves out (lookaround, backreferences, possessive quantifiers, atomic groups). A JS
 * `RegExp` cannot be the judge: its syntax differs both ways (`(?P<n>` and `\z` are errors in JS,
 * `(?=` and `\1` are errors in RE2); it only answers which Unicode property names exist.
 */

export interface Re2Problem {
  /** Go's error description, e.g. `invalid escape sequence`. */
  code: string;
  /** The offending part of the expression. */
  expr: string;
  /** Why, in RE2 terms, when the construct is a known non-RE2 feature. */
  hint?: string;
}

/** Istio rejects longer expressions (`regex is too large, max length allowed is 1024`, in bytes). */
export const ISTIO_MAX_REGEX_BYTES = 1024;

const MAX_REPEAT = 1000;
const POSIX_CLASSES = new Set([
  'alnum',
  'alpha',
  'ascii',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'word',
  'xdigit',
]);
const PERL_CLASSES = new Set(['d', 'D', 's', 'S', 'w', 'W']);
const C_ESCAPES = new Set(['a', 'f', 'n', 'r', 't', 'v']);

type Node =
  | { kind: 'leaf' }
  | { kind: 'group'; subs: Node[] }
  /** `*`, `+`, `?` (min/max unset) or a counted `{min,max}` (max -1: open). */
  | { kind: 'repeat'; sub: Node; counted?: { min: number; max: number } };
type StackItem = Node | { kind: 'lparen' } | { kind: 'bar' };

class Re2Error extends Error {
  constructor(readonly problem: Re2Problem) {
    super(problem.code);
  }
}

function fail(code: string, expr: string, hint?: string): never {
  throw new Re2Error(hint ? { code, expr, hint } : { code, expr });
}

/** The first RE2 syntax problem of `pattern`, or undefined when RE2 (and Go) compile it. */
export function re2Problem(pattern: string): Re2Problem | undefined {
  try {
    new Re2Parser(Array.from(pattern)).parse();
    return undefined;
  } catch (err) {
    if (err instanceof Re2Error) return err.problem;
    throw err;
  }
}

/** `invalid escape sequence: \y` (with the hint when there is one), for messages. */
export function describeRe2Problem(problem: Re2Problem): string {
  const base = `${problem.code}: \`${problem.expr}\``;
  return problem.hint ? `${base} (${problem.hint})` : base;
}

class Re2Parser {
  private readonly stack: StackItem[] = [];
  private i = 0;

  constructor(private readonly s: readonly string[]) {}

  parse(): void {
    const s = this.s;
    let lastRepeat = '';
    while (this.i < s.length) {
      let repeat = '';
      const start = this.i;
      const c = s[this.i]!;
      switch (c) {
        case '(':
          if (s[this.i + 1] === '?') this.parsePerlFlags();
          else {
            this.stack.push({ kind: 'lparen' });
            this.i++;
          }
          break;
        case '|':
          this.stack.push({ kind: 'bar' });
          this.i++;
          break;
        case ')':
          this.parseRightParen();
          this.i++;
          break;
        case '[':
          this.parseClass();
          this.stack.push({ kind: 'leaf' });
          break;
        case '*':
        case '+':
        case '?': {
          this.i++;
          this.repeat(start, lastRepeat);
          repeat = this.slice(start, this.i);
          break;
        }
        case '{': {
          const parsed = this.parseRepeat();
          if (!parsed) {
            // Not of the form {n}, {n,} or {n,m}: a literal brace.
            this.stack.push({ kind: 'leaf' });
            this.i++;
            break;
          }
          const { min, max } = parsed;
          const text = this.slice(start, this.i);
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT) {
            fail('invalid repeat count', text, 'RE2 allows at most 1000 repetitions');
          }
          if (max >= 0 && min > max) fail('invalid repeat count', text);
          this.repeat(start, lastRepeat, { min, max });
          repeat = this.slice(start, this.i);
          break;
        }
        case '\\':
          this.parseTopLevelEscape();
          break;
        default:
          // Literals, ^ $ . and anything else RE2 takes as written.
          this.stack.push({ kind: 'leaf' });
          this.i++;
      }
      lastRepeat = repeat;
    }
    for (const item of this.stack) {
      if (item.kind === 'lparen') fail('missing closing )', this.s.join(''));
    }
  }

  private slice(from: number, to: number): string {
    return this.s.slice(from, to).join('');
  }

  /** Applies a repetition operator (from `start`) to the top of the stack. */
  private repeat(start: number, lastRepeat: string, counted?: { min: number; max: number }): void {
    // A lazy `?` belongs to the operator.
    if (this.s[this.i] === '?') this.i++;
    if (lastRepeat) {
      const op = lastRepeat + this.slice(start, this.i);
      const possessive = /[*+?}]\+$/.test(op);
      fail(
        'invalid nested repetition operator',
        op,
        possessive ? 'possessive quantifiers are not supported by RE2' : undefined,
      );
    }
    const top = this.stack[this.stack.length - 1];
    if (!top || top.kind === 'lparen' || top.kind === 'bar') {
      fail('missing argument to repetition operator', this.slice(start, this.i));
    }
    const node: Node = counted ? { kind: 'repeat', sub: top, counted } : { kind: 'repeat', sub: top };
    this.stack[this.stack.length - 1] = node;
    if (counted && (counted.min >= 2 || counted.max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      fail('invalid repeat count', this.slice(start, this.i), 'nested repetitions multiply beyond 1000');
    }
  }

  /**
   * {n} / {n,} (max -1) / {n,m}; undefined when the text is not of that form (then `{` is a literal).
   * A number too large to read gives min -1, as in Go.
   */
  private parseRepeat(): { min: number; max: number } | undefined {
    let j = this.i + 1;
    const int = (): number | undefined => {
      const from = j;
      while (j < this.s.length && isDigit(this.s[j]!)) j++;
      if (j === from) return undefined;
      // Go refuses leading zeros (then the brace is a literal).
      if (j - from >= 2 && this.s[from] === '0') return undefined;
      const digits = this.slice(from, j);
      return digits.length > 8 ? -1 : Number(digits);
    };
    let min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.s[j] === ',') {
      j++;
      if (this.s[j] === '}') max = -1;
      else {
        const m = int();
        if (m === undefined) return undefined;
        max = m;
        if (m < 0) min = -1;
      }
    }
    if (this.s[j] !== '}') return undefined;
    this.i = j + 1;
    return { min, max };
  }

  private parseRightParen(): void {
    const subs: Node[] = [];
    while (this.stack.length) {
      const item = this.stack.pop()!;
      if (item.kind === 'lparen') {
        this.stack.push({ kind: 'group', subs });
        return;
      }
      if (item.kind !== 'bar') subs.push(item);
    }
    fail('unexpected )', this.s.join(''));
  }

  /** `(?` constructs: named groups, flag groups; everything else is unsupported Perl syntax. */
  private parsePerlFlags(): void {
    const s = this.s;
    const start = this.i;
    const rest = this.slice(start, Math.min(s.length, start + 4));
    if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
      fail('invalid or unsupported Perl syntax', rest.slice(0, 3), 'lookahead is not supported by RE2');
    }
    if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
      fail('invalid or unsupported Perl syntax', rest, 'lookbehind is not supported by RE2');
    }
    if (rest.startsWith('(?>')) {
      fail('invalid or unsupported Perl syntax', '(?>', 'atomic groups are not supported by RE2');
    }
    if (rest.startsWith('(?P=') || rest.startsWith('(?P>') || rest.startsWith('(?&')) {
      fail(
        'invalid or unsupported Perl syntax',
        rest.startsWith('(?&') ? '(?&' : rest,
        'named backreferences and recursion are not supported by RE2',
      );
    }
    const startsWithP = s.length - start > 4 && s[start + 2] === 'P' && s[start + 3] === '<';
    const startsWithName = s.length - start > 3 && s[start + 2] === '<';
    if (startsWithP || startsWithName) {
      const nameStart = start + (startsWithP ? 4 : 3);
      let end = start;
      while (end < s.length && s[end] !== '>') end++;
      if (end >= s.length) fail('invalid named capture', this.slice(start, s.length));
      const name = this.slice(nameStart, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) fail('invalid named capture', this.slice(start, end + 1));
      this.stack.push({ kind: 'lparen' });
      this.i = end + 1;
      return;
    }
    let j = start + 2;
    let sign = 1;
    let sawFlag = false;
    while (j < s.length) {
      const c = s[j++]!;
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        sawFlag = true;
        continue;
      }
      if (c === '-') {
        if (sign < 0) break;
        sign = -1;
        sawFlag = false;
        continue;
      }
      if (c === ':' || c === ')') {
        if (sign < 0 && !sawFlag) break;
        if (c === ':') this.stack.push({ kind: 'lparen' });
        this.i = j;
        return;
      }
      break;
    }
    const expr = this.slice(start, j);
    const hint = expr.startsWith('(?#')
      ? 'comments are not supported by RE2'
      : /^\(\?([0-9R]|[+-][0-9])/.test(expr)
        ? 'recursion is not supported by RE2'
        : undefined;
    fail('invalid or unsupported Perl syntax', expr, hint);
  }

  private parseTopLevelEscape(): void {
    const s = this.s;
    const next = s[this.i + 1];
    switch (next) {
      case 'A':
      case 'b':
      case 'B':
      case 'z':
        this.stack.push({ kind: 'leaf' });
        this.i += 2;
        return;
      case 'C':
        fail('invalid escape sequence', '\\C', '\\C (any byte) is not supported');
        break;
      case 'Q': {
        // \Q…\E: everything up to \E (or the end) is literal.
        let j = this.i + 2;
        while (j < s.length && !(s[j] === '\\' && s[j + 1] === 'E')) {
          this.stack.push({ kind: 'leaf' });
          j++;
        }
        this.i = j < s.length ? j + 2 : j;
        return;
      }
    }
    if (next === 'p' || next === 'P') {
      this.i = this.parseUnicodeClass(this.i);
      this.stack.push({ kind: 'leaf' });
      return;
    }
    if (next !== undefined && PERL_CLASSES.has(next)) {
      this.stack.push({ kind: 'leaf' });
      this.i += 2;
      return;
    }
    this.i = this.parseEscape(this.i).next;
    this.stack.push({ kind: 'leaf' });
  }

  /** An escape at `i` (a backslash) that stands for one character. */
  private parseEscape(i: number): { rune: number; next: number } {
    const s = this.s;
    if (i + 1 >= s.length) fail('trailing backslash at end of expression', '');
    const c = s[i + 1]!;
    let j = i + 2;
    const bad = (hint?: string): never => fail('invalid escape sequence', this.slice(i, j), hint);
    if (c >= '1' && c <= '7' && !isOctal(s[j])) bad('backreferences are not supported by RE2');
    if (c >= '0' && c <= '7') {
      let r = Number(c);
      for (let k = 1; k < 3 && isOctal(s[j]); k++) r = r * 8 + Number(s[j++]);
      return { rune: r, next: j };
    }
    if (c === '8' || c === '9') bad('backreferences are not supported by RE2');
    if (c === 'x') {
      if (j >= s.length) bad();
      const c1 = s[j++]!;
      if (c1 === '{') {
        let r = 0;
        let n = 0;
        for (;;) {
          if (j >= s.length) bad();
          const h = s[j++]!;
          if (h === '}') break;
          if (!isHex(h)) bad();
          r = r * 16 + parseInt(h, 16);
          if (r > 0x10ffff) bad();
          n++;
        }
        if (n === 0) bad();
        return { rune: r, next: j };
      }
      const c2 = s[j++];
      if (!isHex(c1) || !isHex(c2)) bad();
      return { rune: parseInt(c1 + c2!, 16), next: j };
    }
    if (C_ESCAPES.has(c)) return { rune: '\x07\f\n\r\t\v'.charCodeAt('afnrtv'.indexOf(c)), next: j };
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !/[A-Za-z0-9]/.test(c)) return { rune: code, next: j };
    const hints: Record<string, string> = {
      Z: 'RE2 has no \\Z; use \\z',
      u: 'RE2 has no \\uXXXX; use \\x{XXXX}',
      k: 'named backreferences are not supported by RE2',
      G: '\\G is not supported by RE2',
      K: '\\K is not supported by RE2',
      R: '\\R is not supported by RE2',
      X: '\\X is not supported by RE2',
      h: 'RE2 has no \\h; use [\\t ]',
      e: 'RE2 has no \\e; use \\x1b',
      c: 'control escapes \\cX are not supported by RE2',
    };
    return bad(hints[c]);
  }

  /** `\pL`, `\p{Greek}`, `\P{^Lu}` at `i`; returns the index after it. */
  private parseUnicodeClass(i: number): number {
    const s = this.s;
    let name: string;
    let seq: string;
    let next: number;
    if (s[i + 2] !== '{') {
      name = s[i + 2] ?? '';
      next = Math.min(s.length, i + 3);
      seq = this.slice(i, next);
    } else {
      let end = i + 3;
      while (end < s.length && s[end] !== '}') end++;
      if (end >= s.length) fail('invalid character class range', this.slice(i, s.length));
      name = this.slice(i + 3, end);
      next = end + 1;
      seq = this.slice(i, next);
    }
    if (name.startsWith('^')) name = name.slice(1);
    if (!isUnicodeClassName(name)) fail('invalid character class range', seq, 'unknown Unicode class');
    return next;
  }

  /** A bracket expression at `this.i`. */
  private parseClass(): void {
    const s = this.s;
    const start = this.i;
    let j = start + 1;
    if (s[j] === '^') j++;
    let first = true;
    while (j >= s.length || s[j] !== ']' || first) {
      first = false;
      if (s[j] === '[' && s[j + 1] === ':' && j + 2 < s.length) {
        const close = this.indexOf(':]', j + 2);
        if (close >= 0) {
          const name = this.slice(j, close + 2);
          const bare = name.slice(2, -2).replace(/^\^/, '');
          if (!POSIX_CLASSES.has(bare)) fail('invalid character class range', name);
          j = close + 2;
          continue;
        }
      }
      if (s[j] === '\\' && (s[j + 1] === 'p' || s[j + 1] === 'P')) {
        j = this.parseUnicodeClass(j);
        continue;
      }
      if (s[j] === '\\' && s[j + 1] !== undefined && PERL_CLASSES.has(s[j + 1]!)) {
        j += 2;
        continue;
      }
      const rangeStart = j;
      const lo = this.parseClassChar(j, start);
      j = lo.next;
      if (j + 1 < s.length && s[j] === '-' && s[j + 1] !== ']') {
        const hi = this.parseClassChar(j + 1, start);
        j = hi.next;
        if (hi.rune < lo.rune) fail('invalid character class range', this.slice(rangeStart, j));
      }
    }
    this.i = j + 1;
  }

  private parseClassChar(j: number, classStart: number): { rune: number; next: number } {
    const s = this.s;
    if (j >= s.length) fail('missing closing ]', this.slice(classStart, s.length));
    if (s[j] === '\\') return this.parseEscape(j);
    return { rune: s[j]!.codePointAt(0)!, next: j + 1 };
  }

  private indexOf(needle: string, from: number): number {
    const text = this.slice(from, this.s.length);
    const at = text.indexOf(needle);
    return at < 0 ? -1 : from + Array.from(text.slice(0, at)).length;
  }
}

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond `n` copies. */
function repeatIsValid(node: Node, n: number): boolean {
  if (node.kind === 'repeat') {
    if (node.counted) {
      let m = node.counted.max;
      if (m === 0) return true;
      if (m < 0) m = node.counted.min;
      if (m > n) return false;
      if (m > 0) n = Math.floor(n / m);
    }
    return repeatIsValid(node.sub, n);
  }
  if (node.kind === 'group') return node.subs.every((sub) => repeatIsValid(sub, n));
  return true;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9A-Fa-f]$/.test(c);
}

const unicodeNames = new Map<string, boolean>();

/**
 * Whether RE2 knows the Unicode class: Any/ASCII/Assigned, a general category (`L`, `Lu`, …) or a
 * script (`Greek`, `Han`, …). The category and script tables come from the JS engine's Unicode data.
 */
function isUnicodeClassName(name: string): boolean {
  let known = unicodeNames.get(name);
  if (known === undefined) {
    known =
      /^(any|ascii|assigned)$/i.test(name) ||
      compiles(`\\p{General_Category=${name}}`) ||
      compiles(`\\p{Script=${name}}`) ||
      // Go also takes the long category names without underscores or case (`UppercaseLetter`).
      LONG_CATEGORIES.has(name.replace(/[_\s-]/g, '').toLowerCase());
    unicodeNames.set(name, known);
  }
  return known;
}

function compiles(source: string): boolean {
  if (/[^A-Za-z0-9_=\\{}-]/.test(source)) return false;
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const LONG_CATEGORIES = new Set(
  [
    'Letter',
    'CasedLetter',
    'UppercaseLetter',
    'LowercaseLetter',
    'TitlecaseLetter',
    'ModifierLetter',
    'OtherLetter',
    'Mark',
    'NonspacingMark',
    'SpacingMark',
    'EnclosingMark',
    'Number',
    'DecimalNumber',
    'LetterNumber',
    'OtherNumber',
    'Punctuation',
    'ConnectorPunctuation',
    'DashPunctuation',
    'OpenPunctuation',
    'ClosePunctuation',
    'InitialPunctuation',
    'FinalPunctuation',
    'OtherPunctuation',
    'Symbol',
    'MathSymbol',
    'CurrencySymbol',
    'ModifierSymbol',
    'OtherSymbol',
    'Separator',
    'SpaceSeparator',
    'LineSeparator',
    'ParagraphSeparator',
    'Other',
    'Control',
    'Format',
    'Surrogate',
    'PrivateUse',
    'Unassigned',
  ].map((n) => n.toLowerCase()),
);
