/**
 * Text edits on YAML that leave everything else byte-for-byte: deleting a sequence item or a mapping
 * pair (whole lines in block style, the item and its comma in flow style), replacing a scalar,
 * inserting lines. Each returns undefined on layouts it does not handle, so no fix is offered.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FileEdit } from './types';
import {
  colonAfter,
  column,
  contentEnd,
  dashBefore,
  eolOf,
  lineEndAfter,
  lineStart,
  startOf,
  startsLine,
  type Source,
} from './yaml-text';

function edit(src: Source, start: number, end: number, newText: string): FileEdit {
  return { uri: src.uri, start, end, newText };
}

/** [start, end) of a block sequence item's lines, from its `-` to the end of its last line. */
export function itemLines(src: Source, item: Node): [number, number] | undefined {
  if (!item?.range) return undefined;
  const dash = dashBefore(src.text, startOf(src, item));
  if (dash === undefined || !startsLine(src.text, dash)) return undefined;
  return [lineStart(src.text, dash), lineEndAfter(src.text, contentEnd(src, item))];
}

/**
 * Deletes item `index` of `seq`. Deleting the only item of a block sequence leaves `key: []` (the pair
 * holding the sequence is `pair`); of a flow sequence, `[]`.
 */
export function deleteSeqItem(
  src: Source,
  seq: YAMLSeq,
  index: number,
  pair: Pair | undefined,
): FileEdit[] | undefined {
  const items = seq.items as (Node | null)[];
  const item = items[index];
  if (!item?.range || isPair(item)) return undefined;
  if (seq.flow) {
    if (items.length === 1) {
      const end = contentEnd(src, seq);
      return [edit(src, startOf(src, seq), end, '[]')];
    }
    const next = items[index + 1];
    if (next?.range) return [edit(src, startOf(src, item), startOf(src, next), '')];
    return [edit(src, contentEnd(src, items[index - 1]), contentEnd(src, item), '')];
  }
  const lines = itemLines(src, item);
  if (!lines) return undefined;
  const removal = edit(src, lines[0], lines[1], '');
  if (items.length > 1) return [removal];
  const colon = pair && colonAfter(src, pair);
  return colon === undefined ? undefined : [edit(src, colon, colon, ' []'), removal];
}

/** Deletes a pair of `map`: its lines in block style (pulling the next key up after `- `), or `, key: v`. */
export function deleteMapPair(src: Source, map: YAMLMap, pair: Pair): FileEdit[] | undefined {
  const index = map.items.indexOf(pair);
  const key = pair.key as Node | null;
  if (index < 0 || !key?.range) return undefined;
  const next = map.items[index + 1]?.key as Node | undefined;
  const keyStart = startOf(src, key);
  if (map.flow) {
    if (map.items.length === 1) return [edit(src, startOf(src, map), contentEnd(src, map), '{}')];
    if (next?.range) return [edit(src, keyStart, startOf(src, next), '')];
    return [edit(src, contentEnd(src, map.items[index - 1]), contentEnd(src, pair), '')];
  }
  if (startsLine(src.text, keyStart)) {
    return [edit(src, lineStart(src.text, keyStart), lineEndAfter(src.text, contentEnd(src, pair)), '')];
  }
  // The first pair of a sequence item (`- weight: 5`): the next key moves up to its place.
  if (index !== 0 || !next?.range) return undefined;
  return [edit(src, keyStart, startOf(src, next), '')];
}

/** Replaces a scalar's text (quotes included). */
export function replaceScalar(src: Source, node: Node | null, newText: string): FileEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return edit(src, startOf(src, node), src.base + node.range[1], newText);
}

/** Adds `key: value` as the first pair of a non-empty mapping, on its own line in block style. */
export function insertFirstPair(src: Source, map: Node | null, entry: string): FileEdit | undefined {
  if (!isMap(map) || !map.items.length) return undefined;
  const first = map.items[0]!.key as Node | null;
  if (!first?.range) return undefined;
  const at = startOf(src, first);
  if (map.flow) return edit(src, at, at, `${entry}, `);
  return edit(src, at, at, `${entry}${eolOf(src.text)}${' '.repeat(column(src.text, at))}`);
}

/** Inserts whole lines (each without its line break) at a line start `at`. */
export function insertLines(src: Source, at: number, lines: readonly string[]): FileEdit {
  const eol = eolOf(src.text);
  const needsBreak = at > 0 && at === src.text.length && !src.text.endsWith('\n');
  return edit(src, at, at, (needsBreak ? eol : '') + lines.map((l) => l + eol).join(''));
}

/** Whether a node is a block (not flow) mapping. */
export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}
