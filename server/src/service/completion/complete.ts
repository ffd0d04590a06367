/**
 * Completion: keys with docs and type (never ones already present), enum values, booleans, apiVersion
 * and kind values, whole-resource snippets, and sequence item skeletons (a new route, a new subset).
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { describeField } from '../hover';
import type { MeshTextDocument } from '../language-service';
import { locate } from '../parser/mesh-document';
import { typeLabel, type SchemaRegistry } from '../schema/registry';
import type { Schema } from '../schema/types';
import { completionContext, type KeyContext, type ValueContext } from './context';
import { itemSkeletons } from './item-skeletons';
import { resourceSnippets } from './resource-snippets';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export function complete(
  doc: MeshTextDocument,
  position: Position,
  registry: SchemaRegistry,
): CompletionList {
  const context = completionContext(doc.lines, position.line, position.character);
  if (!context) return EMPTY;
  const header = documentHeader(doc, doc.lines.offsetAt(position));
  const range: Range = {
    start: doc.lines.positionAt(context.replace[0]),
    end: doc.lines.positionAt(context.replace[1]),
  };
  const items =
    context.kind === 'key'
      ? keyItems(context, header, registry, range)
      : valueItems(context, header, registry, range);
  return { isIncomplete: false, items };
}

interface Header {
  apiVersion?: string;
  kind?: string;
}

/** apiVersion/kind of the document at `offset`, read from its top-level lines (robust while typing). */
function documentHeader(doc: MeshTextDocument, offset: number): Header {
  const found = locate(doc.file, offset);
  if (!found) return {};
  const header: Header = {};
  const text = found.placed.chunk.text;
  for (const m of text.matchAll(/^(apiVersion|kind)[ \t]*:[ \t]*["']?([^\s"'#]+)/gm)) {
    header[m[1] as 'apiVersion' | 'kind'] ??= m[2];
  }
  return header;
}

function keyItems(ctx: KeyContext, header: Header, registry: SchemaRegistry, range: Range): CompletionItem[] {
  const root = header.apiVersion && header.kind ? registry.lookup(header.apiVersion, header.kind) : undefined;
  if (!root || root.status !== 'known') {
    return ctx.path.length === 0 && ctx.keyColumn === 0 ? topLevelItems(ctx, header, range) : [];
  }
  const schema = registry.at(root.schema, ctx.path);
  if (!schema) return [];
  const items: CompletionItem[] = [];
  if (schema.type === 'array') {
    // A blank line under an array key: offer whole new items.
    const item = registry.items(schema);
    if (item) items.push(...itemSkeletons(header.kind!, ctx.path, item, registry, ctx, range, true));
    return items;
  }
  if (ctx.afterDash && ctx.prefix === '') {
    items.push(...itemSkeletons(header.kind!, ctx.path, schema, registry, ctx, range, false));
  }
  const required = new Set(schema.required ?? []);
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    if (ctx.existing.has(key) || key === 'status') continue;
    const prop = registry.resolve(raw);
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: typeLabel(prop, (s) => registry.resolve(s)) + (required.has(key) ? ' (required)' : ''),
      documentation: {
        kind: MarkupKind.Markdown,
        value: describeField(key, [...ctx.path, key], prop, registry),
      },
      sortText: `${required.has(key) ? '0' : '1'}${key}`,
      filterText: key,
      textEdit: { range, newText: keySnippet(key, prop, registry, ctx) },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
    });
  }
  return items;
}

/** In a document with no (known) kind yet: resource snippets plus apiVersion/kind keys. */
function topLevelItems(ctx: KeyContext, header: Header, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (!header.apiVersion && !header.kind) items.push(...resourceSnippets(range));
  for (const key of ['apiVersion', 'kind', 'metadata', 'spec']) {
    if (ctx.existing.has(key)) continue;
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      sortText: `1${key}`,
      textEdit: { range, newText: key === 'metadata' || key === 'spec' ? `${key}:\n  $0` : `${key}: $0` },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
    });
  }
  return items;
}

function keySnippet(key: string, schema: Schema, registry: SchemaRegistry, ctx: KeyContext): string {
  // Lines after the first are indented relative to the cursor line; `- ` items add their own offset.
  const pad = ' '.repeat(ctx.keyColumn - ctx.lineIndent);
  if (schema.type === 'array') {
    const item = registry.items(schema);
    return item?.type === 'object' || item?.properties ? `${key}:\n${pad}- $0` : `${key}:\n${pad}- $1`;
  }
  if (schema.type === 'object' || schema.properties) return `${key}:\n${pad}  $0`;
  if (schema.enum?.length)
    return `${key}: \${1|${schema.enum.map((v) => escapeChoice(String(v))).join(',')}|}`;
  if (schema.type === 'boolean') return `${key}: \${1|true,false|}`;
  if (schema.format === 'duration') return `${key}: \${1:5s}`;
  return `${key}: $1`;
}

function valueItems(
  ctx: ValueContext,
  header: Header,
  registry: SchemaRegistry,
  range: Range,
): CompletionItem[] {
  if (ctx.path.length === 1 && ctx.path[0] === 'apiVersion') {
    const versions = header.kind ? registry.apiVersionsOfKind(header.kind) : [];
    return (versions.length ? versions : registry.apiVersions()).map((v, i) => valueItem(v, range, i));
  }
  if (ctx.path.length === 1 && ctx.path[0] === 'kind') {
    const kinds = header.apiVersion ? registry.kindsOf(header.apiVersion) : [];
    const all = kinds.length ? kinds : [...new Set(registry.kinds.map((k) => k.kind))].sort();
    return all.map((k, i) => valueItem(k, range, i));
  }
  if (!header.apiVersion || !header.kind) return [];
  const root = registry.lookup(header.apiVersion, header.kind);
  if (root.status !== 'known') return [];
  const schema = registry.at(root.schema, ctx.path);
  if (!schema) return [];
  if (schema.enum?.length)
    return schema.enum.map((v, i) => valueItem(String(v), range, i, CompletionItemKind.EnumMember));
  if (schema.type === 'boolean')
    return ['true', 'false'].map((v, i) => valueItem(v, range, i, CompletionItemKind.Value));
  return [];
}

function valueItem(
  label: string,
  range: Range,
  index: number,
  kind: CompletionItemKind = CompletionItemKind.Value,
): CompletionItem {
  return { label, kind, sortText: String(index).padStart(4, '0'), textEdit: { range, newText: label } };
}

function escapeChoice(value: string): string {
  return value.replace(/[\\,|$}]/g, (c) => `\\${c}`);
}
