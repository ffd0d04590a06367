/**
 * A fast path for the YAML that Kubernetes manifests are made of: block mappings and sequences,
 * one-line plain and quoted scalars, one-line flow collections, `|` literals and comments. It builds
 * the same `yaml` nodes, values and ranges as the full parser (a differential test holds it to that),
 * several times faster. Anything else (anchors, aliases, tags, folded or multi-line scalars, tabs,
 * directives, duplicate keys, anything malformed) makes it bail out, and the full parser runs.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { decodeDoubleQuoted, resolvePlain } from './scalars';

/** Thrown when the input needs the full parser; the message says why (for tests and tuning). */
export class Bail extends Error {}
const bail = (why = 'unsupported'): never => {
  throw new Bail(why);
};

interface Line {
  start: number;
  /** Content end (before `\r\n` / `\n`). */
  end: number;
  /** Offset after the line break. */
  next: number;
  indent: number;
  /** Only spaces, or a comment. */
  blank: boolean;
}

const SPACE = 32;
const HASH = 35;
const FORBIDDEN_START = new Set([',', ']', '}', '#', '&', '*', '!', '>', '%', '@', '`', '?']);

export function fastParse(text: string, onBail?: (why: string) => void): Document.Parsed | undefined {
  try {
    return new FastParser(text).parseDocument();
  } catch (err) {
    if (!(err instanceof Bail)) throw err;
    onBail?.(err.message);
    return undefined;
  }
}

class FastParser {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      let end = nl;
      if (text.charCodeAt(end - 1) === 13) end--;
      let indent = 0;
      while (text.charCodeAt(start + indent) === SPACE) indent++;
      const first = start + indent;
      const content = text.slice(start, end);
      if (content.includes('\t') || content.includes('\r')) bail('tab or CR');
      this.lines.push({
        start,
        end,
        next: Math.min(nl + 1, text.length),
        indent,
        blank: first >= end || text.charCodeAt(first) === HASH,
      });
      start = nl + 1;
    }
  }

  parseDocument(): Document.Parsed {
    this.skipBlank();
    const first = this.lines[this.i];
    if (!first) bail('empty');
    if (this.text.startsWith('---', first!.start) && first!.indent === 0) {
      const rest = this.text.slice(first!.start + 3, first!.end);
      if (rest && !/^ +(#.*)?$/.test(rest)) bail('content on ---');
      this.i++;
      this.skipBlank();
    }
    if (this.i >= this.lines.length) bail('empty');
    for (const line of this.lines) {
      if (
        line.indent === 0 &&
        /^(\.\.\.|%|---)/.test(this.text.slice(line.start, line.start + 3)) &&
        line !== first
      )
        bail('directive or marker');
    }
    const contents = this.blockNode(-1);
    this.skipBlank();
    if (this.i < this.lines.length) bail('trailing content');
    if (contents instanceof YAMLMap || contents instanceof YAMLSeq)
      contents.range![1] = contents.range![2] = this.text.length;
    const doc = new Document() as Document.Parsed;
    doc.contents = contents as Document.Parsed['contents'];
    (doc as { range: [number, number, number] }).range = [0, this.text.length, this.text.length];
    return doc;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i]!.blank) this.i++;
  }

  /** The node on the following lines, indented deeper than `parentIndent`. */
  private blockNode(parentIndent: number): Node {
    this.skipBlank();
    const line = this.lines[this.i]!;
    if (line.indent <= parentIndent) bail('indentation');
    const at = line.start + line.indent;
    return this.isSeqItem(at) ? this.sequence(line.indent) : this.mapping(line.indent, at);
  }

  /** `-` or `:` followed by a space or the line end is an indicator, not the start of a plain scalar. */
  private isSeparatedIndicator(at: number): boolean {
    const after = this.text.charCodeAt(at + 1);
    return after === SPACE || Number.isNaN(after) || after === 10 || after === 13;
  }

  private isSeqItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45 /* - */) return false;
    const after = this.text.charCodeAt(at + 1);
    return after === SPACE || Number.isNaN(after) || after === 10 || after === 13;
  }

  private mapping(column: number, firstKey: number): YAMLMap {
    const map = new YAMLMap();
    const seen = new Set<unknown>();
    let keyAt = firstKey;
    let end: number;
    for (;;) {
      const line = this.lines[this.i]!;
      const key = this.keyScalar(keyAt, line.end);
      if (!key) bail('not a key');
      if (seen.has(key!.scalar.value)) bail('duplicate key');
      seen.add(key!.scalar.value);
      const value = this.valueAfterKey(key!.colon, line, column);
      map.items.push(new Pair(key!.scalar, value));
      end = this.lines[this.i - 1]!.next;
      this.skipBlank();
      const next = this.lines[this.i];
      if (!next || next.indent < column) break;
      if (next.indent > column) bail('map indentation');
      keyAt = next.start + column;
      if (this.isSeqItem(keyAt)) break;
    }
    map.range = [firstKey, end, end];
    return map;
  }

  /** Parses the value following `key:` (colon at `colon` on `line`); leaves `i` after it. */
  private valueAfterKey(colon: number, line: Line, column: number): Node {
    const valueAt = this.skipSpaces(colon + 1, line.end);
    if (valueAt >= line.end || this.text.charCodeAt(valueAt) === HASH) {
      this.i++;
      this.skipBlank();
      const next = this.lines[this.i];
      if (next && next.indent > column) return this.blockNode(column);
      if (next && next.indent === column && this.isSeqItem(next.start + column)) return this.sequence(column);
      return nullScalar(valueAt);
    }
    return this.inlineValue(valueAt, line, column);
  }

  private sequence(column: number): YAMLSeq {
    const seq = new YAMLSeq();
    const first = this.lines[this.i]!.start + column;
    let end: number;
    for (;;) {
      const line = this.lines[this.i]!;
      const dash = line.start + column;
      const itemAt = this.skipSpaces(dash + 1, line.end);
      if (itemAt >= line.end || this.text.charCodeAt(itemAt) === HASH) {
        this.i++;
        this.skipBlank();
        const next = this.lines[this.i];
        seq.items.push(next && next.indent > column ? this.blockNode(column) : nullScalar(itemAt));
      } else if (this.isSeqItem(itemAt)) {
        bail('nested compact sequence');
      } else if (this.keyScalar(itemAt, line.end)) {
        seq.items.push(this.mapping(itemAt - line.start, itemAt));
      } else {
        seq.items.push(this.inlineValue(itemAt, line, column));
      }
      end = this.lines[this.i - 1]!.next;
      this.skipBlank();
      const next = this.lines[this.i];
      // A line at the sequence's own column that is no item ends it: `hosts:\n- a\nhttp:` (compact form).
      if (!next || next.indent < column || (next.indent === column && !this.isSeqItem(next.start + column)))
        break;
      if (next.indent > column) bail('sequence indentation');
    }
    seq.range = [first, end, end];
    return seq;
  }

  /** A value that starts on the current line: flow collection, quoted or plain scalar, `|` literal. */
  private inlineValue(at: number, line: Line, column: number): Node {
    const ch = this.text[at]!;
    if (ch === '|') return this.literal(at, line, column);
    let node: Node;
    let end: number;
    if (ch === '[' || ch === '{') {
      ({ node, end } = this.flow(at, line.end));
    } else if (ch === '"' || ch === "'") {
      ({ node, end } = this.quoted(at, line.end));
    } else {
      if (FORBIDDEN_START.has(ch) || ((ch === '-' || ch === ':') && this.isSeparatedIndicator(at)))
        bail(`value starts with ${ch}`);
      end = this.plainEnd(at, line.end, false);
      const source = this.text.slice(at, end);
      node = scalar(resolvePlain(source), at, end, 'PLAIN');
    }
    const rest = this.skipSpaces(end, line.end);
    if (rest < line.end && (this.text.charCodeAt(rest) !== HASH || rest === end)) bail('text after value');
    node.range = [node.range![0], node.range![1], line.next];
    this.i++;
    // A deeper line after a one-line value would continue it (multi-line scalar) or be an error.
    const save = this.i;
    this.skipBlank();
    const next = this.lines[this.i];
    if (next && next.indent > column) bail('multi-line scalar');
    this.i = save;
    return node;
  }

  /** `|`, `|-`, `|+` literal block scalars (indentation indicators and folding go to the full parser). */
  private literal(at: number, line: Line, column: number): Node {
    const header = this.text.slice(at, line.end);
    const m = /^\|([-+]?)(\s+#.*)?\s*$/.exec(header);
    if (!m) bail('block scalar header');
    const chomp = m![1];
    this.i++;
    const body: Line[] = [];
    let indent = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      const empty = l.start + l.indent >= l.end;
      if (!empty) {
        if (indent < 0) {
          if (l.indent <= column) break;
          indent = l.indent;
        } else if (l.indent < indent) {
          break;
        }
      } else if (indent < 0) {
        bail('literal starts with a blank line');
      }
      body.push(l);
      this.i++;
    }
    if (indent < 0) bail('empty literal');
    // Trailing empty lines belong to the scalar only for `|+`; give them back to the parent otherwise.
    let last = body.length;
    while (last > 0 && body[last - 1]!.start + body[last - 1]!.indent >= body[last - 1]!.end) last--;
    if (chomp === '+') bail('keep chomping');
    this.i -= body.length - last;
    const content = body
      .slice(0, last)
      .map((l) => (l.end - l.start > indent ? this.text.slice(l.start + indent, l.end) : ''));
    let value = content.join('\n');
    if (chomp === '' && value !== '') value += '\n';
    const end = body[last - 1]!.next;
    if (this.text.charCodeAt(end - 1) !== 10) bail('literal at end of file'); // chomping differs
    return scalar(value, at, end, 'BLOCK_LITERAL', end);
  }

  /** A key (`plain:` or `"quoted":`) starting at `at`, with the offset of its colon. */
  private keyScalar(at: number, lineEnd: number): { scalar: Scalar; colon: number } | undefined {
    const ch = this.text[at];
    let scalarNode: Scalar;
    let end: number;
    if (ch === '"' || ch === "'") {
      const q = this.quotedOrUndefined(at, lineEnd);
      if (!q) return undefined;
      scalarNode = q.node;
      end = q.end;
    } else {
      if (
        ch === undefined ||
        ch === '-' ||
        ch === '[' ||
        ch === '{' ||
        ch === '|' ||
        ch === '"' ||
        FORBIDDEN_START.has(ch)
      ) {
        return undefined;
      }
      end = this.plainEnd(at, lineEnd, false);
      if (end === at) return undefined; // `: x` has an empty key
      scalarNode = scalar(resolvePlain(this.text.slice(at, end)), at, end, 'PLAIN');
    }
    if (this.text.charCodeAt(end) !== 58 /* : */) return undefined;
    const after = this.text.charCodeAt(end + 1);
    if (end + 1 < lineEnd && after !== SPACE) return undefined;
    return { scalar: scalarNode, colon: end };
  }

  /** End of a plain scalar: before ` #`, `: `/`:`+EOL, and in flow context before `,`, `]`, `}`. */
  private plainEnd(at: number, lineEnd: number, flow: boolean): number {
    let end = at;
    for (let p = at; p < lineEnd; p++) {
      const c = this.text.charCodeAt(p);
      if (c === HASH && this.text.charCodeAt(p - 1) === SPACE) break;
      if (c === 58 /* : */) {
        const n = this.text.charCodeAt(p + 1);
        if (p + 1 >= lineEnd || n === SPACE || (flow && (n === 44 || n === 93 || n === 125))) break;
      }
      if (flow && (c === 44 || c === 93 || c === 125 || c === 91 || c === 123)) break;
      if (c !== SPACE) end = p + 1;
    }
    return end;
  }

  private quoted(at: number, lineEnd: number): { node: Scalar; end: number } {
    return this.quotedOrUndefined(at, lineEnd) ?? bail('multi-line or escaped quote');
  }

  private quotedOrUndefined(at: number, lineEnd: number): { node: Scalar; end: number } | undefined {
    const quote = this.text[at];
    if (quote === "'") {
      let p = at + 1;
      for (;;) {
        const close = this.text.indexOf("'", p);
        if (close < 0 || close >= lineEnd) return undefined;
        if (this.text[close + 1] === "'") {
          p = close + 2;
          continue;
        }
        const value = this.text.slice(at + 1, close).replace(/''/g, "'");
        return { node: scalar(value, at, close + 1, 'QUOTE_SINGLE'), end: close + 1 };
      }
    }
    let p = at + 1;
    while (p < lineEnd) {
      const c = this.text.charCodeAt(p);
      if (c === 92 /* \ */) p += 2;
      else if (c === 34 /* " */) break;
      else p++;
    }
    if (p >= lineEnd) return undefined;
    const value = decodeDoubleQuoted(this.text.slice(at + 1, p));
    if (value === undefined) return undefined;
    return { node: scalar(value, at, p + 1, 'QUOTE_DOUBLE'), end: p + 1 };
  }

  /** A one-line flow sequence or mapping of scalars and nested flow collections. */
  private flow(at: number, lineEnd: number): { node: Node; end: number } {
    const isSeq = this.text[at] === '[';
    const close = isSeq ? ']' : '}';
    const collection = isSeq ? new YAMLSeq() : new YAMLMap();
    collection.flow = true;
    let p = this.skipSpaces(at + 1, lineEnd);
    while (this.text[p] !== close) {
      if (p >= lineEnd) bail('multi-line flow');
      const item = this.flowItem(p, lineEnd);
      p = this.skipSpaces(item.end, lineEnd);
      if (isSeq) {
        if (this.text[p] === ':') bail('pair in flow sequence');
        (collection as YAMLSeq).items.push(item.node);
      } else {
        if (this.text[p] !== ':' || !(item.node instanceof Scalar)) bail('flow map key');
        p = this.skipSpaces(p + 1, lineEnd);
        if (this.text[p] === ',' || this.text[p] === close) bail('empty flow value');
        const value = this.flowItem(p, lineEnd);
        (collection as YAMLMap).items.push(new Pair(item.node, value.node));
        p = this.skipSpaces(value.end, lineEnd);
      }
      if (this.text[p] === ',') p = this.skipSpaces(p + 1, lineEnd);
      else if (this.text[p] !== close) bail('flow syntax');
    }
    collection.range = [at, p + 1, p + 1];
    return { node: collection, end: p + 1 };
  }

  private flowItem(p: number, lineEnd: number): { node: Node; end: number } {
    const ch = this.text[p]!;
    if (ch === '[' || ch === '{') return this.flow(p, lineEnd);
    if (ch === '"' || ch === "'") return this.quoted(p, lineEnd);
    if (FORBIDDEN_START.has(ch) || ch === ':' || ch === '-' || ch === '|')
      bail(`flow item starts with ${ch}`);
    const end = this.plainEnd(p, lineEnd, true);
    if (end === p) bail('empty flow item');
    return { node: scalar(resolvePlain(this.text.slice(p, end)), p, end, 'PLAIN'), end };
  }

  private skipSpaces(p: number, lineEnd: number): number {
    while (p < lineEnd && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }
}

function scalar(value: unknown, start: number, end: number, type: Scalar.Type, nodeEnd = end): Scalar {
  const node = new Scalar(value);
  node.type = type;
  node.range = [start, end, nodeEnd];
  return node;
}

function nullScalar(at: number): Scalar {
  return scalar(null, at, at, 'PLAIN');
}
