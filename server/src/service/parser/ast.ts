/** Small helpers over the `yaml` AST: ranges, paths, lookups by offset and by JSON pointer. */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';

export type PathSegment = string | number;

/** [start, end) of a node's value, in chunk offsets. */
export function nodeRange(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Formats a path the way the docs write it: `spec.http[].retries` (indices become `[]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number' || seg === '[]') out += '[]';
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

export function scalarKey(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const v = pair.key.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export interface NodeAtOffset {
  path: PathSegment[];
  /** The scalar under the cursor, when there is one. */
  scalar?: Scalar;
  /** True when the scalar is a mapping key. */
  isKey: boolean;
}

/** Finds the innermost key or value at `offset` and the path to it. */
export function nodeAt(doc: Document.Parsed, offset: number): NodeAtOffset | undefined {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 256 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p, offset));
      if (!pair) return undefined;
      const key = scalarKey(pair);
      if (key === undefined) return undefined;
      const keyRange = nodeRange(pair.key as Node);
      if (keyRange && offset >= keyRange[0] && offset <= keyRange[1]) {
        return { path: [...path, key], scalar: pair.key as Scalar, isKey: true };
      }
      path.push(key);
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const r = nodeRange(item as Node);
        return r && offset >= r[0] && offset <= r[1];
      });
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node)) {
      return { path, scalar: node, isKey: false };
    } else {
      return isAlias(node) ? { path, isKey: false } : undefined;
    }
  }
  return undefined;
}

function within(pair: unknown, offset: number): boolean {
  if (!isPair(pair)) return false;
  const keyRange = nodeRange(pair.key as Node);
  const valueRange = nodeRange(pair.value as Node);
  const start = keyRange?.[0] ?? valueRange?.[0];
  const end = valueRange?.[1] ?? keyRange?.[1];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}

const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A map's pairs by key, built once per map node (findings are placed by key lookups, thousands a run). */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const key = scalarKey(pair);
      if (key !== undefined && !index.has(key)) index.set(key, pair);
    }
    pairIndex.set(map, index);
  }
  return index;
}

/** Follows an ajv instancePath (`/spec/http/0/timeout`) to the pair or item it names. */
export function nodeAtPointer(
  doc: Document.Parsed,
  pointer: string,
): { node?: Node; keyNode?: Node; parent?: Node } | undefined {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let parent: Node | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = pairsByKey(node).get(seg);
      if (!pair) return { node: node as Node, keyNode, parent };
      parent = node as Node;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      parent = node as Node;
      keyNode = undefined;
      node = node.items[Number(seg)];
    } else {
      return { node: node as Node, keyNode, parent };
    }
  }
  return { node: (node ?? undefined) as Node | undefined, keyNode, parent };
}
