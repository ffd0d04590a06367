/**
 * Value completion from the workspace index, for the fields that name other resources:
 * - VirtualService destination/mirror `host` and DestinationRule `spec.host`: Services of the same
 *   namespace by short name, other Services by FQDN, ServiceEntry hosts (not wildcards);
 * - destination `subset`: the subsets of the DestinationRule applying to the destination's host;
 * - destination `port.number`: the ports of the host's Service (or ServiceEntry);
 * - VirtualService `gateways` items (also under `match`): Gateways of the same namespace by name,
 *   others as `ns/name`, and `mesh`;
 * - `metadata.namespace`: the namespaces seen in the index.
 * The cursor context comes from indentation (completion/context.ts), so incomplete documents work.
 */
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { completionContext, type ContextSegment } from '../completion/context';
import type { MeshTextDocument } from '../language-service';
import { resolveShortName } from '../mesh/hosts';
import { locate } from '../parser/mesh-document';
import type { WorkspaceIndex } from '../workspace/index';
import { describeGateway } from './describe';
import { ReferenceModel } from './references-model';
import { hostItems, portItems, subsetItems } from './index-completion-items';
import { parentKeyLine, siblingValue, textHeader } from './text-scan';

const DESTINATIONS = new Set(['destination', 'mirror']);

export function indexCompletions(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
): CompletionItem[] {
  const context = completionContext(doc.lines, position.line, position.character);
  if (!context) return [];
  const offset = doc.lines.offsetAt(position);
  const chunk = locate(doc.file, offset)?.placed.chunk.text ?? '';
  const header = textHeader(chunk);
  const namespace = header.namespace ?? defaultNamespace(index);
  const range = innerRange(doc, context.replace);
  const path = context.path;
  const at = (...tail: string[]) => endsWith(path, tail);
  const inVirtualService = header.kind === 'VirtualService';
  const model = () => ReferenceModel.build(index);
  const line = position.line;

  if (context.kind === 'key') {
    if (!inVirtualService || !context.afterDash || !at('gateways', '[]')) return [];
    return gatewayItems(model(), namespace, range);
  }
  const parent = path[path.length - 2];
  if (at('metadata', 'namespace') && path.length === 2) return namespaceItems(index, range);
  if (inVirtualService && at('host') && DESTINATIONS.has(String(parent))) {
    return hostItems(model(), namespace, range);
  }
  if (header.kind === 'DestinationRule' && path.join('.') === 'spec.host') {
    return hostItems(model(), namespace, range);
  }
  if (inVirtualService && at('subset') && DESTINATIONS.has(String(parent))) {
    const host = siblingValue(doc.lines, line, 'host');
    return host ? subsetItems(model(), resolveShortName(host, namespace), range) : [];
  }
  if (inVirtualService && at('port', 'number') && DESTINATIONS.has(String(path[path.length - 3]))) {
    const portLine = parentKeyLine(doc.lines, line);
    const host = portLine === undefined ? undefined : siblingValue(doc.lines, portLine, 'host');
    return host ? portItems(model(), resolveShortName(host, namespace), range) : [];
  }
  return [];
}

function gatewayItems(model: ReferenceModel, namespace: string, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [
    {
      label: 'mesh',
      kind: CompletionItemKind.Keyword,
      detail: 'every sidecar in the mesh',
      sortText: '2mesh',
      textEdit: { range, newText: 'mesh' },
    },
  ];
  for (const t of model.targets) {
    if (t.type !== 'gateway' || t.api !== 'istio') continue;
    const local = t.namespace === namespace;
    const label = local ? t.name : `${t.namespace}/${t.name}`;
    if (items.some((i) => i.label === label)) continue;
    items.push({
      label,
      kind: CompletionItemKind.Reference,
      detail: `Gateway ${t.namespace}/${t.name}`,
      documentation: { kind: MarkupKind.Markdown, value: describeGateway(t.resource) },
      sortText: `${local ? 0 : 1}${label}`,
      textEdit: { range, newText: label },
    });
  }
  return items;
}

function namespaceItems(index: WorkspaceIndex, range: Range): CompletionItem[] {
  const namespaces = new Set<string>();
  for (const r of index.all()) {
    if (r.namespaceAsWritten) namespaces.add(r.namespaceAsWritten);
    if (r.kind === 'Namespace' && r.group === '' && r.name) namespaces.add(r.name);
  }
  return [...namespaces].sort().map((ns) => ({
    label: ns,
    kind: CompletionItemKind.Module,
    detail: 'namespace',
    textEdit: { range, newText: ns },
  }));
}

/** The index's default namespace, as given to resources written without one. */
function defaultNamespace(index: WorkspaceIndex): string {
  return index.all().find((r) => !r.namespaceAsWritten)?.namespace ?? 'default';
}

function endsWith(path: readonly ContextSegment[], tail: readonly string[]): boolean {
  return tail.length <= path.length && tail.every((seg, i) => path[path.length - tail.length + i] === seg);
}

/** The replaced range, inside the quotes of a quoted value (so the quotes stay). */
function innerRange(doc: MeshTextDocument, [start, end]: [number, number]): Range {
  const text = doc.file.text;
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    start++;
    if (end > start && text[end - 1] === quote) end--;
  }
  return { start: doc.lines.positionAt(start), end: doc.lines.positionAt(end) };
}
