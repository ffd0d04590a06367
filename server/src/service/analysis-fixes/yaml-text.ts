/**
 * Reading a resource's YAML for text edits: nodes by path, their file offsets (node ranges are relative
 * to the chunk, so `resource.chunkStart` is added), line boundaries and the indentation the file uses.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { scalarKey } from '../parser/ast';
import type { FieldPath } from '../analysis/analyzer';
import type { WorkspaceIndex } from '../workspace/index';
import type { MeshResource } from '../workspace/resource';

/** A resource with the text its node ranges refer to (the indexed version of its file). */
export interface Source {
  readonly resource: MeshResource;
  readonly uri: string;
  readonly text: string;
  /** Offset of the resource's chunk in the file. */
  readonly base: number;
}

export function sourceOf(index: WorkspaceIndex, resource: MeshResource): Source | undefined {
  const file = index.file(resource.uri);
  if (!file || !file.resources.includes(resource)) return undefined;
  return { resource, uri: resource.uri, text: file.doc.file.text, base: resource.chunkStart };
}

export interface Found {
  node: Node | null;
  /** The pair holding the node, when its parent is a mapping. */
  pair?: Pair;
  parent?: Node;
}

/** The node at exactly `path` (undefined when any segment is missing). */
export function lookup(doc: Document.Parsed, path: FieldPath): Found | undefined {
  let found: Found = { node: doc.contents as Node | null };
  for (const seg of path) {
    const node = found.node;
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarKey(p) === String(seg));
      if (!pair) return undefined;
      found = { node: (pair.value ?? null) as Node | null, pair, parent: node };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return undefined;
      found = { node: (item ?? null) as Node | null, parent: node };
    } else {
      return undefined;
    }
  }
  return found;
}

/** File offset where a node starts. */
export function startOf(src: Source, node: Node): number {
  return src.base + (node.range?.[0] ?? 0);
}

/**
 * File offset where a node's own content ends: block collections end with their last value (their
 * ranges may run on over trailing comments and blank lines); scalars and flow collections at range[1].
 */
export function contentEnd(src: Source, node: Node | Pair | null | undefined): number {
  if (!node) return -1;
  if (isPair(node)) {
    return Math.max(contentEnd(src, node.key as Node), contentEnd(src, node.value as Node | null));
  }
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
    return contentEnd(src, node.items[node.items.length - 1] as Node | Pair);
  }
  const range = node.range;
  if (!range) return -1;
  return src.base + (isScalar(node) && node.value === null ? range[0] : range[1]);
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset after the line break of the line holding the last non-blank character before `end`. */
export function lineEndAfter(text: string, end: number): number {
  let p = end;
  while (p > 0 && /[\s]/.test(text[p - 1]!)) p--;
  const nl = text.indexOf('\n', p);
  return nl < 0 ? text.length : nl + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether only spaces precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Offset of the `-` introducing a block sequence item that starts at `offset`. */
export function dashBefore(text: string, offset: number): number | undefined {
  let p = offset;
  while (p > 0 && /\s/.test(text[p - 1]!)) p--;
  return text[p - 1] === '-' ? p - 1 : undefined;
}

/** Offset just after the `:` following a mapping key. */
export function colonAfter(src: Source, pair: Pair): number | undefined {
  const key = pair.key as Node;
  if (!key?.range) return undefined;
  let p = src.base + key.range[1];
  while (src.text[p] === ' ') p++;
  return src.text[p] === ':' ? p + 1 : undefined;
}

/** How the file indents: one nesting step, and how far a block sequence sits right of its key. */
export interface Indentation {
  step: number;
  seq: number;
}

/** Measures indentation from the resource's block mappings and sequences (2 / 0 when there are none). */
export function indentation(src: Source): Indentation {
  let step: number | undefined;
  let seq: number | undefined;
  const visit = (map: YAMLMap, depth: number) => {
    if (depth > 64) return;
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range) continue;
      const keyCol = column(src.text, src.base + key.range[0]);
      if (isMap(value) && !value.flow && value.items.length) {
        const first = value.items[0]!.key as Node | null;
        if (step === undefined && first?.range) step = column(src.text, src.base + first.range[0]) - keyCol;
        visit(value, depth + 1);
      } else if (isSeq(value) && !value.flow && value.items.length) {
        const dash = dashBefore(src.text, startOf(src, value.items[0] as Node));
        if (seq === undefined && dash !== undefined && startsLine(src.text, dash)) {
          seq = column(src.text, dash) - keyCol;
        }
        for (const item of value.items) if (isMap(item) && !item.flow) visit(item, depth + 1);
      }
    }
  };
  if (isMap(src.resource.doc.contents)) visit(src.resource.doc.contents, 0);
  const s = step !== undefined && step > 0 ? step : 2;
  return { step: s, seq: seq !== undefined && seq >= 0 ? seq : 0 };
}

const PLAIN = /^[A-Za-z_/][\w./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
export function yamlString(value: string): string {
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}
