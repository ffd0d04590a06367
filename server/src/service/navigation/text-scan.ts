/**
 * Reading the text around the cursor by indentation (the document may not parse while the user types):
 * sibling values of the mapping the cursor line is in, the enclosing key line, the document's header.
 */
import { shapeOf } from '../completion/context';
import type { LineIndex } from '../text/line-index';

/** The value of `key` in the same block mapping as the key on `line` (above or below it). */
export function siblingValue(lines: LineIndex, line: number, key: string): string | undefined {
  const own = shapeOf(lines.lineText(line));
  const column = own.keyColumn;
  if (column === undefined) return undefined;
  // A line opening a sequence item (`- host: x`) is the first key of its mapping: nothing above.
  for (let j = line - 1; j >= 0 && !own.dashes.length; j--) {
    const shape = shapeOf(lines.lineText(j));
    if (shape.boundary) break;
    if (shape.blank) continue;
    if (shape.keyColumn === column) {
      if (shape.key === key) return valueOf(lines.lineText(j));
      if (shape.dashes.length) break;
      continue;
    }
    if ((shape.keyColumn ?? shape.indent) < column) break;
  }
  for (let j = line + 1; j < lines.lineCount; j++) {
    const shape = shapeOf(lines.lineText(j));
    if (shape.boundary) break;
    if (shape.blank) continue;
    const first = shape.dashes[0] ?? shape.keyColumn ?? shape.indent;
    if (first < column || (first === column && shape.dashes.length)) break;
    if (shape.keyColumn === column && shape.key === key) return valueOf(lines.lineText(j));
  }
  return undefined;
}

/** The nearest line above `line` holding the key of the mapping that contains `line`'s key. */
export function parentKeyLine(lines: LineIndex, line: number): number | undefined {
  const column = shapeOf(lines.lineText(line)).keyColumn;
  if (column === undefined) return undefined;
  for (let j = line - 1; j >= 0; j--) {
    const shape = shapeOf(lines.lineText(j));
    if (shape.boundary) return undefined;
    if (shape.blank || shape.keyColumn === undefined) continue;
    if (shape.keyColumn < column) return j;
  }
  return undefined;
}

/** The scalar value of a `key: value` line, unquoted, without a trailing comment. */
export function valueOf(text: string): string | undefined {
  const m = /^[\s-]*("[^"]*"|'[^']*'|[^\s#:'"][^#:]*?)[ \t]*:[ \t]+(.*)$/.exec(text);
  if (!m) return undefined;
  const raw = m[2]!.replace(/(^|\s)#.*$/, '').trim();
  const value = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  return value || undefined;
}

/** `kind` and `metadata.namespace` of a document, from its text. */
export function textHeader(text: string): { kind?: string; namespace?: string } {
  const kind = /^kind[ \t]*:[ \t]*["']?([^\s"'#]+)/m.exec(text)?.[1];
  const metadata = /^metadata[ \t]*:[ \t]*\n((?:[ \t]+.*\n?|[ \t]*\n)*)/m.exec(text)?.[1] ?? '';
  const indent = /^([ \t]+)\S/m.exec(metadata)?.[1] ?? '';
  const namespace = new RegExp(`^${indent}namespace[ \\t]*:[ \\t]*["']?([^\\s"'#]+)`, 'm').exec(
    metadata,
  )?.[1];
  return { kind, namespace };
}
