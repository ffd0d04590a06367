/**
 * Resources inside `kind: List` documents (`kubectl get -o yaml` output). The workspace index keeps such
 * a document as one List resource; istioctl analyzes its items as resources of their own. Each item
 * becomes a MeshResource whose document is rooted at the item's node, so findings on an item point at
 * the item's fields in the List's file.
 */
import { isMap, isSeq, type Document, type Node } from 'yaml';
import type { WorkspaceIndex } from '../workspace/index';
import { asArray, get, isObject, makeResource, type MeshResource } from '../workspace/resource';

const memo = new WeakMap<MeshResource, MeshResource[]>();

/** The items of a List resource (none for other kinds, or items without apiVersion/kind). */
export const isListKind = (kind: string): boolean => kind.endsWith('List');

export function listItems(list: MeshResource): MeshResource[] {
  if (!isListKind(list.kind)) return [];
  let items = memo.get(list);
  if (!items) {
    items = extractItems(list);
    memo.set(list, items);
  }
  return items;
}

function extractItems(list: MeshResource): MeshResource[] {
  const contents = list.doc.contents;
  const itemsNode = isMap(contents) ? contents.get('items', true) : undefined;
  if (!isSeq(itemsNode)) return [];
  const values = asArray(get(list.value, 'items'));
  const out: MeshResource[] = [];
  values.forEach((value, i) => {
    const node = itemsNode.items[i];
    if (!isObject(value) || !isMap(node)) return;
    const doc = itemDocument(list.doc, node as Node);
    // Items without a namespace get the default one, which the List itself got when it has none.
    const defaultNamespace = list.namespaceAsWritten ? 'default' : list.namespace;
    const item = makeResource(value, doc, list.uri, list.chunkStart, i, defaultNamespace);
    if (item) out.push({ ...item, id: `${list.id}/items/${i}:${item.id}` });
  });
  return out;
}

/** A view of the List's document rooted at one item (same source offsets). */
function itemDocument(doc: Document.Parsed, node: Node): Document.Parsed {
  return Object.create(doc, {
    contents: { value: node, enumerable: true },
    range: { value: node.range, enumerable: true },
  }) as Document.Parsed;
}

/**
 * Resources of a kind, as istioctl sees them: the index's, then the items of List documents (an item
 * already indexed as a resource of its own in the same file is not repeated).
 */
export function ofKindWithListItems(index: WorkspaceIndex, kind: string, group?: string): MeshResource[] {
  const direct = index.ofKind(kind, group);
  const out = [...direct];
  const seen = new Set(direct.map((r) => `${r.uri}|${r.namespace}/${r.name}`));
  for (const resource of index.ofKindsMatching(isListKind)) {
    for (const item of listItems(resource)) {
      if (item.kind !== kind || (group !== undefined && item.group !== group)) continue;
      if (seen.has(`${item.uri}|${item.namespace}/${item.name}`)) continue;
      out.push(item);
    }
  }
  return out;
}
