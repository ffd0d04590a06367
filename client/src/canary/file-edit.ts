/**
 * Canary steps in a workspace file (GitOps): change only the weight scalars of one VirtualService
 * document, so comments, quoting, key order and layout stay byte-for-byte everywhere else. A route
 * without a `weight:` key (0 by Istio's defaults) gets one inserted under its `destination`.
 */
import { isMap, isScalar, parseAllDocuments, type Document, type Node } from 'yaml';
import { detectCanaries, type Canary } from './detect';

export interface VsDocument {
  /** index of the `---` document in the file */
  index: number;
  /** offset range of the document in the text */
  range: [number, number];
  value: {
    metadata?: { name?: string; namespace?: string; annotations?: Record<string, unknown> };
    spec?: unknown;
  };
  canaries: Canary[];
}

/** The VirtualService documents of a file that hold canaries (parse errors: skipped documents). */
export function canaryDocuments(text: string): VsDocument[] {
  const out: VsDocument[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (!('errors' in doc) || doc.errors.length) return;
    const value = doc.toJS({ maxAliasCount: 100 }) as VsDocument['value'] & {
      kind?: unknown;
      apiVersion?: unknown;
    };
    if (value?.kind !== 'VirtualService' || typeof value.apiVersion !== 'string') return;
    if (!value.apiVersion.startsWith('networking.istio.io/')) return;
    const canaries = detectCanaries(value);
    if (canaries.length) out.push({ index, range: [doc.range[0], doc.range[2]], value, canaries });
  });
  return out;
}

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  const n = doc.getIn(path, true);
  return n && typeof n === 'object' ? (n as Node) : undefined;
}

/** Column of the first key of a route item (for inserting `weight:` aligned with it). */
function indentOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/**
 * The edits that set the weights in document `docIndex` of `text`: `changes` are (section, rule,
 * index, to) positions as planned by plan.ts. Throws when the document no longer has those routes.
 */
export function weightEdits(
  text: string,
  docIndex: number,
  changes: readonly { entry: { section: string; rule: number; index: number }; to: number }[],
): TextEdit[] {
  const doc = parseAllDocuments(text)[docIndex];
  if (!doc || !('errors' in doc) || doc.errors.length)
    throw new Error('the document cannot be parsed any more');
  const edits: TextEdit[] = [];
  for (const { entry, to } of changes) {
    const itemPath = ['spec', entry.section, entry.rule, 'route', entry.index];
    const item = nodeAt(doc, itemPath);
    if (!item || !isMap(item) || !item.range) throw new Error(`route ${itemPath.join('.')} is gone`);
    const weight = nodeAt(doc, [...itemPath, 'weight']);
    if (weight && isScalar(weight) && weight.range) {
      const [start, end] = weight.range;
      edits.push({ offset: start, length: end - start, text: String(to) });
      continue;
    }
    // no weight key: insert one after the item's last line, aligned with its first key
    const firstKey = item.items[0]?.key as Node | undefined;
    if (!firstKey?.range) throw new Error(`route ${itemPath.join('.')} has no keys`);
    const column = indentOf(text, firstKey.range[0]);
    if (item.flow) throw new Error(`route ${itemPath.join('.')} is a flow mapping; set its weight by hand`);
    const lastValue = item.items[item.items.length - 1]?.value as Node | undefined;
    const end = lastValue?.range?.[1] ?? firstKey.range[1];
    const lineEnd = text.indexOf('\n', end - 1 < 0 ? 0 : end - 1);
    const at = lineEnd < 0 ? text.length : lineEnd;
    edits.push({ offset: at, length: 0, text: `\n${' '.repeat(column)}weight: ${to}` });
  }
  return edits.sort((a, b) => b.offset - a.offset);
}

/** Applies edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  }
  return out;
}

/** Offset of rule `rule` of `spec[section]` in document `docIndex` (where a CodeLens goes). */
export function ruleOffset(
  text: string,
  docIndex: number,
  section: string,
  rule: number,
): number | undefined {
  const doc = parseAllDocuments(text)[docIndex];
  if (!doc || !('errors' in doc)) return undefined;
  const node = nodeAt(doc, ['spec', section, rule]);
  return node?.range?.[0];
}
