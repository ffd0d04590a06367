/**
 * Where the cursor is, worked out from indentation rather than the parse tree: while the user types,
 * the document is usually incomplete (`    ti|` parses as a scalar of the key above), but its
 * indentation still says which mapping the cursor is in.
 */
import type { LineIndex } from '../text/line-index';

export type ContextSegment = string | '[]';

export interface KeyContext {
  kind: 'key';
  /** Path of the mapping the new key goes into (`[]` for sequence items). */
  path: ContextSegment[];
  /** Keys already present in that mapping (never offered again). */
  existing: Set<string>;
  /** Column of the key being typed, and the indentation of the cursor line. */
  keyColumn: number;
  lineIndent: number;
  /** The cursor line starts a sequence item (`- |`). */
  afterDash: boolean;
  /** [start, end) of the partially typed word, in file offsets. */
  replace: [number, number];
  prefix: string;
}

export interface ValueContext {
  kind: 'value';
  /** Path of the key whose value is being typed. */
  path: ContextSegment[];
  replace: [number, number];
  prefix: string;
}

export type CompletionContext = KeyContext | ValueContext;

interface LineShape {
  blank: boolean;
  /** `---` or `...`: a document boundary. */
  boundary: boolean;
  indent: number;
  dashes: number[];
  key?: string;
  keyColumn?: number;
  hasValue: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#:'"-][^#:]*?|-[^\s#:][^#:]*?)[ \t]*:(?=[ \t]|$)/;

export function shapeOf(text: string): LineShape {
  const trimmed = text.trimStart();
  const indent = text.length - trimmed.length;
  if (trimmed === '' || trimmed.startsWith('#'))
    return { blank: true, boundary: false, indent, dashes: [], hasValue: false };
  if (/^(---|\.\.\.)(\s|$)/.test(text))
    return { blank: false, boundary: true, indent: 0, dashes: [], hasValue: false };
  const dashes: number[] = [];
  let col = indent;
  let rest = trimmed;
  for (let m = /^-( +|$)/.exec(rest); m; m = /^-( +|$)/.exec(rest)) {
    dashes.push(col);
    col += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const key = KEY.exec(rest);
  if (!key) return { blank: false, boundary: false, indent, dashes, hasValue: rest.length > 0 };
  const after = rest.slice(key[0].length).trim();
  return {
    blank: false,
    boundary: false,
    indent,
    dashes,
    key: unquote(key[1]!),
    keyColumn: col,
    hasValue: after.length > 0 && !after.startsWith('#'),
  };
}

export function completionContext(
  lines: LineIndex,
  line: number,
  character: number,
): CompletionContext | undefined {
  const text = lines.lineText(line);
  const before = text.slice(0, character);
  const lineStart = lines.lineStart(line);
  const keyMatch = /^(\s*)((?:-[ \t]+)*)([^\s:#'"]*)$/.exec(before);
  if (keyMatch) {
    const indent = keyMatch[1]!.length;
    const dashes = dashColumns(indent, keyMatch[2]!);
    const keyColumn = indent + keyMatch[2]!.length;
    const prefix = keyMatch[3]!;
    const wordEnd = character + (/^[^\s:#]*/.exec(text.slice(character))?.[0].length ?? 0);
    const path = parentPath(lines, line, keyColumn, dashes);
    return {
      kind: 'key',
      path,
      existing: siblingKeys(lines, line, keyColumn, dashes.length > 0),
      keyColumn,
      lineIndent: indent,
      afterDash: dashes.length > 0,
      replace: [lineStart + keyColumn, lineStart + wordEnd],
      prefix,
    };
  }
  const valueMatch =
    /^(\s*)((?:-[ \t]+)*)("[^"]*"|'[^']*'|[^\s#:'"][^#:]*?)[ \t]*:[ \t]+(["']?)([^\s#"']*)$/.exec(before);
  if (valueMatch) {
    const indent = valueMatch[1]!.length;
    const dashes = dashColumns(indent, valueMatch[2]!);
    const keyColumn = indent + valueMatch[2]!.length;
    const prefix = valueMatch[5]!;
    const startCol = character - prefix.length - valueMatch[4]!.length;
    const wordEnd = character + (/^[^\s#]*/.exec(text.slice(character))?.[0].length ?? 0);
    return {
      kind: 'value',
      path: [...parentPath(lines, line, keyColumn, dashes), unquote(valueMatch[3]!)],
      replace: [lineStart + startCol, lineStart + wordEnd],
      prefix,
    };
  }
  return undefined;
}

function dashColumns(indent: number, dashText: string): number[] {
  const cols: number[] = [];
  let col = indent;
  for (const m of dashText.matchAll(/-[ \t]+/g)) {
    cols.push(col);
    col += m[0].length;
  }
  return cols;
}

/** Walks up the lines to name the mappings and sequences enclosing column `column` of `line`. */
function parentPath(lines: LineIndex, line: number, column: number, dashes: number[]): ContextSegment[] {
  const path: ContextSegment[] = [];
  let target = column;
  // A sequence's `-` may stand at the same column as its key (`http:\n- match:`).
  let dashLevel = false;
  if (dashes.length) {
    for (let i = dashes.length - 1; i >= 0; i--) path.unshift('[]');
    target = dashes[0]!;
    dashLevel = true;
  }
  for (let j = line - 1; j >= 0 && target > 0; j--) {
    const shape = shapeOf(lines.lineText(j));
    if (shape.boundary) break;
    if (shape.blank) continue;
    if (shape.key !== undefined && shape.keyColumn !== undefined) {
      const col = shape.keyColumn;
      const isParent = col < target || (col === target && dashLevel && !shape.hasValue);
      if (isParent) {
        path.unshift(shape.key);
        ({ target, dashLevel } = enterDashes(path, shape, col));
        continue;
      }
      if (col === target && shape.dashes.length && !dashLevel) {
        // A sibling that opens a sequence item: our mapping is that item.
        ({ target, dashLevel } = enterDashes(path, shape, col));
      }
      continue;
    }
    if (shape.dashes.length) {
      const innermost = shape.dashes[shape.dashes.length - 1]!;
      if (innermost < target && !dashLevel) {
        ({ target, dashLevel } = enterDashes(path, shape, target));
      }
      continue;
    }
    if (shape.indent < target) break; // a scalar continuation at a lower level: give up
  }
  return path;
}

function enterDashes(
  path: ContextSegment[],
  shape: LineShape,
  fallback: number,
): { target: number; dashLevel: boolean } {
  if (!shape.dashes.length) return { target: fallback, dashLevel: false };
  for (let i = shape.dashes.length - 1; i >= 0; i--) path.unshift('[]');
  return { target: shape.dashes[0]!, dashLevel: true };
}

/** Keys at `column` in the mapping around `line` (above and below), stopping at the block's edges. */
function siblingKeys(lines: LineIndex, line: number, column: number, startsItem: boolean): Set<string> {
  // The cursor line's own key is being edited: it may be offered again (to replace it).
  const keys = new Set<string>();
  if (!startsItem) {
    for (let j = line - 1; j >= 0; j--) {
      const shape = shapeOf(lines.lineText(j));
      if (shape.boundary) break;
      if (shape.blank) continue;
      const col = shape.keyColumn ?? shape.indent;
      if (shape.key !== undefined && shape.keyColumn === column) keys.add(shape.key);
      if (col < column || (shape.dashes.length && shape.dashes[0]! < column)) break;
    }
  }
  for (let j = line + 1; j < lines.lineCount; j++) {
    const shape = shapeOf(lines.lineText(j));
    if (shape.boundary) break;
    if (shape.blank) continue;
    if (shape.dashes.length && shape.dashes[0]! < column) break;
    const col = shape.keyColumn ?? shape.indent;
    if (col < column) break;
    if (shape.key !== undefined && shape.keyColumn === column) keys.add(shape.key);
  }
  return keys;
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}
