/**
 * Source ranges of fields for navigation: exact lookups by field path in a resource's parsed document
 * (no fallback to the resource name, unlike analysis/locate.ts), and conversions to LSP locations.
 */
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { Location, Range } from 'vscode-languageserver-types';
import type { FieldPath } from '../analysis/analyzer';
import { scalarKey } from '../parser/ast';
import type { LineIndex } from '../text/line-index';
import type { WorkspaceIndex } from '../workspace/index';
import type { MeshResource } from '../workspace/resource';

/** [start, end) file offsets in `uri`. */
export interface Span {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

/** The key node (absent for sequence items) and value node at an exact path. */
export interface FieldNodes {
  key?: Node;
  value?: Node;
}

/** The nodes at `path` in `resource`, or undefined when any segment is missing. */
export function fieldNodes(resource: MeshResource, path: FieldPath): FieldNodes | undefined {
  let node: unknown = resource.doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarKey(p) === String(seg));
      if (!pair) return undefined;
      key = (pair.key ?? undefined) as Node | undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      if (seg < 0 || seg >= node.items.length) return undefined;
      key = undefined;
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return { key, value: (node ?? undefined) as Node | undefined };
}

/** The file span of a node of `resource`. */
export function nodeSpan(resource: MeshResource, node: Node | undefined): Span | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return { uri: resource.uri, start: resource.chunkStart + range[0], end: resource.chunkStart + range[1] };
}

/** A string scalar with its whole span (quotes included) and the span of its text (inside quotes). */
export interface ScalarSite {
  value: string;
  span: Span;
  /** The text of the value in the source; absent when it differs from `value` (escapes, block scalars). */
  text?: Span;
}

/** The string scalar at `path`, if there is one. */
export function scalarSite(resource: MeshResource, path: FieldPath): ScalarSite | undefined {
  const node = fieldNodes(resource, path)?.value;
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const span = nodeSpan(resource, node);
  if (!span) return undefined;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const plain = node.type === Scalar.PLAIN || node.type === undefined;
  const inner = quoted ? { uri: span.uri, start: span.start + 1, end: span.end - 1 } : span;
  const exact = (quoted || plain) && inner.end - inner.start === node.value.length;
  return exact ? { value: node.value, span, text: inner } : { value: node.value, span };
}

/** The part [from, to) of a scalar's text, when the source text is exact. */
export function subSpan(site: ScalarSite, from: number, to: number): Span | undefined {
  if (!site.text) return undefined;
  return { uri: site.text.uri, start: site.text.start + from, end: site.text.start + to };
}

export function containsOffset(span: Span, uri: string, offset: number): boolean {
  return span.uri === uri && offset >= span.start && offset <= span.end;
}

/** Line indexes per file: the open document's own, else the indexed file's. */
export class Positions {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly current?: { uri: string; lines: LineIndex },
  ) {}

  lines(uri: string): LineIndex | undefined {
    if (this.current?.uri === uri) return this.current.lines;
    return this.index.file(uri)?.doc.lines;
  }

  range(span: Span): Range | undefined {
    const lines = this.lines(span.uri);
    if (!lines) return undefined;
    return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
  }

  location(span: Span): Location | undefined {
    const range = this.range(span);
    return range ? { uri: span.uri, range } : undefined;
  }
}

/** Locations without duplicates, in file then offset order. */
export function uniqueSpans(spans: readonly Span[]): Span[] {
  const seen = new Map<string, Span>();
  for (const s of spans) seen.set(`${s.uri}#${s.start}#${s.end}`, s);
  return [...seen.values()].sort((a, b) => (a.uri === b.uri ? a.start - b.start : a.uri < b.uri ? -1 : 1));
}
