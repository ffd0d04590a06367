/**
 * Outline: each resource as `Kind namespace/name`, with its main parts (hosts, routes, subsets,
 * servers, rules, ports, containers) as children.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { nodeRange, scalarKey } from './parser/ast';
import { readHeader } from './parser/mesh-document';
import type { MeshTextDocument } from './language-service';

/** spec keys shown as groups, with how to name each item. */
const PARTS: Record<string, (item: unknown, index: number) => string> = {
  hosts: (item) => scalarText(item) ?? 'host',
  http: (item, i) => routeName(item, 'http', i),
  tcp: (item, i) => routeName(item, 'tcp', i),
  tls: (item, i) => routeName(item, 'tls', i),
  subsets: (item, i) => field(item, 'name') ?? `subset ${i}`,
  servers: (item, i) => serverName(item) ?? `server ${i}`,
  rules: (_item, i) => `rule ${i}`,
  ports: (item, i) => portName(item) ?? `port ${i}`,
  egress: (_item, i) => `egress ${i}`,
  ingress: (_item, i) => `ingress ${i}`,
  configPatches: (item, i) => `${field(item, 'applyTo') ?? 'patch'} ${i}`,
};

export function documentSymbols(doc: MeshTextDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const { start, chunk } of doc.file.chunks) {
    for (const yamlDoc of chunk.documents) {
      const symbol = resourceSymbol(yamlDoc, (r) => ({
        start: doc.lines.positionAt(start + r[0]),
        end: doc.lines.positionAt(start + r[1]),
      }));
      if (symbol) symbols.push(symbol);
    }
  }
  return symbols;
}

function resourceSymbol(
  doc: Document.Parsed,
  toRange: (r: [number, number]) => Range,
): DocumentSymbol | undefined {
  const header = readHeader(doc);
  const root = doc.contents;
  if (!header.kind || !isMap(root)) return undefined;
  const whole = toRange([doc.range[0], doc.range[1]]);
  const nameNode = metadataName(root);
  const id = header.namespace ? `${header.namespace}/${header.name ?? ''}` : (header.name ?? '(unnamed)');
  const children: DocumentSymbol[] = [];
  const spec = pairValue(root, 'spec') ?? pairValue(root, 'data');
  const containers = isMap(spec) ? spec : undefined;
  for (const pair of containers?.items ?? []) {
    const key = scalarKey(pair);
    const namer = key ? PARTS[key] : undefined;
    if (!key || !namer || !isSeq(pair.value)) continue;
    children.push(groupSymbol(key, pair, namer, toRange));
  }
  for (const c of podContainers(root)) children.push(c(toRange));
  return {
    name: `${header.kind} ${id}`,
    detail: header.apiVersion,
    kind: SymbolKind.Class,
    range: whole,
    selectionRange: nameNode ? toRange(nodeRange(nameNode)!) : whole,
    children,
  };
}

function groupSymbol(
  key: string,
  pair: Pair,
  namer: (item: unknown, index: number) => string,
  toRange: (r: [number, number]) => Range,
): DocumentSymbol {
  const keyRange = nodeRange(pair.key as Node)!;
  const seq = pair.value as { items: unknown[] };
  const valueRange = nodeRange(pair.value as Node) ?? keyRange;
  return {
    name: key,
    kind: SymbolKind.Array,
    range: toRange([keyRange[0], valueRange[1]]),
    selectionRange: toRange(keyRange),
    children: seq.items.map((item, i) => {
      const r = nodeRange(item as Node) ?? keyRange;
      return { name: namer(item, i), kind: SymbolKind.Object, range: toRange(r), selectionRange: toRange(r) };
    }),
  };
}

function podContainers(root: YAMLMap): ((toRange: (r: [number, number]) => Range) => DocumentSymbol)[] {
  let spec: unknown = pairValue(root, 'spec');
  const template = isMap(spec) ? pairValue(spec, 'template') : undefined;
  if (isMap(template)) spec = pairValue(template, 'spec');
  const containers = isMap(spec) ? spec.items.find((p) => scalarKey(p) === 'containers') : undefined;
  if (!containers || !isSeq(containers.value)) return [];
  return [
    (toRange) =>
      groupSymbol('containers', containers, (item, i) => field(item, 'name') ?? `container ${i}`, toRange),
  ];
}

function pairValue(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => scalarKey(p) === key)?.value;
}

function metadataName(root: YAMLMap): Node | undefined {
  const metadata = pairValue(root, 'metadata');
  if (!isMap(metadata)) return undefined;
  const name = pairValue(metadata, 'name');
  return isScalar(name) ? (name as Node) : undefined;
}

function field(item: unknown, key: string): string | undefined {
  return isMap(item) ? scalarText(pairValue(item, key)) : undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

function routeName(item: unknown, protocol: string, index: number): string {
  const name = field(item, 'name');
  if (name) return name;
  const route = isMap(item) ? pairValue(item, 'route') : undefined;
  const hosts = isSeq(route)
    ? route.items.map((r) => {
        const dest = isMap(r) ? pairValue(r, 'destination') : undefined;
        const host = field(dest, 'host');
        const subset = field(dest, 'subset');
        const weight = field(r, 'weight');
        return `${host ?? '?'}${subset ? `:${subset}` : ''}${weight ? ` ${weight}%` : ''}`;
      })
    : [];
  return hosts.length ? `${protocol} → ${hosts.join(', ')}` : `${protocol} route ${index}`;
}

function serverName(item: unknown): string | undefined {
  const port = isMap(item) ? pairValue(item, 'port') : undefined;
  const number = field(port, 'number');
  const protocol = field(port, 'protocol');
  const hosts = isMap(item) ? pairValue(item, 'hosts') : undefined;
  const hostText = isSeq(hosts) ? hosts.items.map(scalarText).filter(Boolean).join(', ') : '';
  if (!number && !hostText) return undefined;
  return `${protocol ?? ''} ${number ?? ''} ${hostText}`.replace(/\s+/g, ' ').trim();
}

function portName(item: unknown): string | undefined {
  const name = field(item, 'name');
  const port = field(item, 'port') ?? field(item, 'number');
  if (!name && !port) return undefined;
  return [name, port].filter(Boolean).join(' ');
}
