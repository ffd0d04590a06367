/** Turns a finding's field path into a source range in the resource's file. */
import { isCollection, isScalar, type Node } from 'yaml';
import { nodeAtPointer, nodeRange } from '../parser/ast';
import { get, type MeshResource } from '../workspace/resource';
import type { FieldPath } from './analyzer';

/** [start, end) file offsets of `path` in `resource`, falling back to its name, then its kind. */
export function locateField(resource: MeshResource, path: FieldPath | undefined): [number, number] {
  const base = resource.chunkStart;
  for (const candidate of [path, ['metadata', 'name'], ['kind']]) {
    if (!candidate) continue;
    const range = fieldRange(resource, candidate);
    if (range) return [base + range[0], base + range[1]];
  }
  const r = resource.doc.range ?? [0, 0];
  return [base + r[0], base + Math.min(r[1], r[0] + 1)];
}

function fieldRange(resource: MeshResource, path: FieldPath): [number, number] | undefined {
  const pointer = '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  const found = nodeAtPointer(resource.doc, pointer);
  if (!found?.node) return undefined;
  // nodeAtPointer stops at the deepest existing node; only an exact hit counts.
  if (get(resource.value, ...path) === undefined) return undefined;
  if (isScalar(found.node) && found.node.value !== null) return nodeRange(found.node);
  // A collection (or an empty value) is shown by its key: one line, not a whole block.
  if (found.keyNode) return nodeRange(found.keyNode);
  if (isCollection(found.node)) {
    const first = (found.node.items[0] as { key?: Node } | Node | undefined) ?? undefined;
    const firstNode =
      first && 'key' in (first as object) ? (first as { key: Node }).key : (first as Node | undefined);
    return nodeRange(firstNode) ?? nodeRange(found.node);
  }
  return nodeRange(found.node);
}
