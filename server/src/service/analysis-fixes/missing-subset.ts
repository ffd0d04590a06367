/**
 * IST0101 on a VirtualService destination `subset`: add the subset (selecting `version: <subset>`) to
 * the DestinationRule of the host, wherever it lives, or, when no DestinationRule covers the host,
 * append one to the VirtualService's file, in the VirtualService's namespace.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import { resolveShortName, serviceRefFromHost, fullNameFromFqdn } from '../mesh/hosts';
import type { WorkspaceIndex } from '../workspace/index';
import { asRecord, asString, get, type MeshResource } from '../workspace/resource';
import type { AnalysisFixer, Fix, FileEdit } from './types';
import { insertLines, isBlockMap } from './yaml-edits';
import {
  column,
  contentEnd,
  dashBefore,
  eolOf,
  indentation,
  lineEndAfter,
  lookup,
  sourceOf,
  startOf,
  yamlString,
  type Source,
} from './yaml-text';

const ISTIO_NETWORKING = 'networking.istio.io';

export const addMissingSubset: AnalysisFixer = (ctx) => {
  const { resource: vs, path } = ctx;
  if (vs.kind !== 'VirtualService' || vs.group !== ISTIO_NETWORKING || path[path.length - 1] !== 'subset') {
    return [];
  }
  const destination = asRecord(get(vs.value, ...path.slice(0, -1)));
  const host = asString(destination.host);
  const subset = asString(destination.subset);
  if (!host || !subset) return [];
  const rules = destinationRulesFor(ctx.index, vs, host);
  if (rules.length) {
    return rules.flatMap((dr): Fix[] => {
      const edits = addSubset(ctx.index, dr, subset);
      return edits
        ? [{ title: `Add subset '${subset}' to DestinationRule ${dr.name}`, edits, preferred: true }]
        : [];
    });
  }
  const created = createRule(ctx.index, vs, host, subset);
  return created
    ? [
        {
          title: `Create DestinationRule for ${host} with subset ${subset}`,
          edits: [created],
          preferred: true,
        },
      ]
    : [];
};

/** The DestinationRules for `host` as the VirtualService names it (matched like the analyzer does). */
function destinationRulesFor(index: WorkspaceIndex, vs: MeshResource, host: string): MeshResource[] {
  const key = (namespace: string, h: string) => {
    const ref = serviceRefFromHost(namespace, h);
    return `${ref.namespace}/${ref.name}`;
  };
  const wanted = key(vs.namespace, host);
  return index.ofKind('DestinationRule', ISTIO_NETWORKING).filter((dr) => {
    const drHost = asString(get(dr.value, 'spec', 'host')) ?? '';
    return key(dr.namespace, resolveShortName(drHost, dr.namespace)) === wanted;
  });
}

/** `- name: v2` / `labels:` / `version: v2`, with the item's `-` at column `dash`. */
function subsetItem(subset: string, dash: number, step: number): string[] {
  const pad = (n: number) => ' '.repeat(n);
  const value = yamlString(subset);
  return [
    `${pad(dash)}- name: ${value}`,
    `${pad(dash + 2)}labels:`,
    `${pad(dash + 2 + step)}version: ${value}`,
  ];
}

function addSubset(index: WorkspaceIndex, dr: MeshResource, subset: string): FileEdit[] | undefined {
  const src = sourceOf(index, dr);
  const spec = lookup(dr.doc, ['spec']);
  if (!src || !isBlockMap(spec?.node) || !spec.node.items.length) return undefined;
  const indent = indentation(src);
  const found = lookup(dr.doc, ['spec', 'subsets']);
  const subsets = found?.node;
  if (isSeq(subsets) && subsets.flow) {
    const flowItem = `{name: ${yamlString(subset)}, labels: {version: ${yamlString(subset)}}}`;
    const last = subsets.items[subsets.items.length - 1] as Node | undefined;
    if (!last) return [edit(src, startOf(src, subsets), contentEnd(src, subsets), `[${flowItem}]`)];
    const end = contentEnd(src, last);
    return [edit(src, end, end, `, ${flowItem}`)];
  }
  if (isSeq(subsets) && subsets.items.length) {
    const last = subsets.items[subsets.items.length - 1] as Node | null;
    const dash = last?.range ? dashBefore(src.text, startOf(src, last)) : undefined;
    if (!last || dash === undefined) return undefined;
    const at = lineEndAfter(src.text, contentEnd(src, last));
    return [insertLines(src, at, subsetItem(subset, column(src.text, dash), indent.step))];
  }
  if (found?.pair && isScalar(subsets) && subsets.value === null) {
    // `subsets:` with no value: the items go under the key.
    const keyCol = column(src.text, startOf(src, found.pair.key as Node));
    const at = lineEndAfter(src.text, contentEnd(src, found.pair));
    return [insertLines(src, at, subsetItem(subset, keyCol + indent.seq, indent.step))];
  }
  if (found) return undefined;
  const firstKey = spec.node.items[0]!.key as Node;
  const keyCol = column(src.text, startOf(src, firstKey));
  const at = lineEndAfter(src.text, contentEnd(src, spec.node));
  const lines = [`${' '.repeat(keyCol)}subsets:`, ...subsetItem(subset, keyCol + indent.seq, indent.step)];
  return [insertLines(src, at, lines)];
}

function edit(src: Source, start: number, end: number, newText: string): FileEdit {
  return { uri: src.uri, start, end, newText };
}

/** A new `---` document at the end of the VirtualService's file. */
function createRule(
  index: WorkspaceIndex,
  vs: MeshResource,
  host: string,
  subset: string,
): FileEdit | undefined {
  const src = sourceOf(index, vs);
  if (!src || host.includes('*') || host.includes('/')) return undefined;
  const { step, seq } = indentation(src);
  const pad = ' '.repeat(step);
  const apiVersion = vs.apiVersion.startsWith(`${ISTIO_NETWORKING}/`)
    ? vs.apiVersion
    : `${ISTIO_NETWORKING}/v1`;
  const lines = [
    'apiVersion: ' + apiVersion,
    'kind: DestinationRule',
    'metadata:',
    `${pad}name: ${yamlString(ruleName(index, vs.namespace, host))}`,
    ...(vs.namespaceAsWritten ? [`${pad}namespace: ${yamlString(vs.namespaceAsWritten)}`] : []),
    'spec:',
    `${pad}host: ${yamlString(host)}`,
    `${pad}subsets:`,
    ...subsetItem(subset, step + seq, step),
  ];
  const eol = eolOf(src.text);
  const text = src.text;
  const separated = /(^|\n)---[ \t]*\r?\n?\s*$/.test(text);
  const prefix =
    (text.length && !text.endsWith('\n') ? eol : '') + (text.trim() && !separated ? `---${eol}` : '');
  return {
    uri: src.uri,
    start: text.length,
    end: text.length,
    newText: prefix + lines.map((l) => l + eol).join(''),
  };
}

/** A DNS-1123 name from the host (`reviews` for reviews.bookinfo.svc.cluster.local), not yet taken. */
function ruleName(index: WorkspaceIndex, namespace: string, host: string): string {
  const base =
    fullNameFromFqdn(host)
      .name.toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'destination-rule';
  let name = base;
  for (let n = 2; index.find('DestinationRule', namespace, name, ISTIO_NETWORKING); n++)
    name = `${base}-${n}`;
  return name;
}
