/** Hover: the field's description, type, allowed values and its path (e.g. `spec.http[].retries`). */
import type { Hover, Position } from 'vscode-languageserver-types';
import { formatPath, nodeAt, nodeRange } from './parser/ast';
import { locate, readHeader } from './parser/mesh-document';
import type { MeshTextDocument } from './language-service';
import { typeLabel, type SchemaRegistry } from './schema/registry';
import type { KindEntry, Schema } from './schema/types';

export function hover(doc: MeshTextDocument, position: Position, registry: SchemaRegistry): Hover | null {
  const offset = doc.lines.offsetAt(position);
  const found = locate(doc.file, offset);
  if (!found?.doc) return null;
  const at = nodeAt(found.doc, found.relative);
  if (!at?.scalar || at.path.length === 0) return null;
  const { apiVersion, kind } = readHeader(found.doc);
  if (!apiVersion || !kind) return null;
  const lookup = registry.lookup(apiVersion, kind);
  if (lookup.status !== 'known') return null;
  const range = nodeRange(at.scalar);
  if (!range) return null;
  const toRange = (r: [number, number]) => ({
    start: doc.lines.positionAt(found.placed.start + r[0]),
    end: doc.lines.positionAt(found.placed.start + r[1]),
  });
  if (at.path.length === 1 && (at.path[0] === 'kind' || at.path[0] === 'apiVersion') && !at.isKey) {
    const text = [`**${kind}** · \`${apiVersion}\``, '', lookup.schema.description ?? ''].join('\n');
    return {
      contents: { kind: 'markdown', value: withSource(text.trim(), lookup.entry) },
      range: toRange(range),
    };
  }
  // A scalar array item (`- reviews` under hosts) is described by its array field.
  const path = [...at.path];
  while (typeof path[path.length - 1] === 'number') path.pop();
  const schema = registry.at(lookup.schema, path);
  if (!schema || path.length === 0) return null;
  const name = String(path[path.length - 1]);
  return {
    contents: {
      kind: 'markdown',
      value: withSource(describeField(name, path, schema, registry), lookup.entry),
    },
    range: toRange(range),
  };
}

/** Says where a schema from the cluster's CRD came from; bundled schemas need no note. */
function withSource(markdown: string, entry: KindEntry): string {
  if (entry.source !== 'cluster') return markdown;
  const context = entry.context ? ` (context \`${entry.context}\`)` : '';
  return `${markdown}\n\n_Schema from the cluster's CRD${context}._`;
}

export function describeField(
  name: string,
  path: readonly (string | number)[],
  schema: Schema,
  registry: SchemaRegistry,
): string {
  const parts = [
    `**${name}** · \`${typeLabel(schema, (s) => registry.resolve(s))}\``,
    '',
    `\`${formatPath(path)}\``,
  ];
  if (schema.description) parts.push('', schema.description);
  if (schema.enum?.length)
    parts.push('', `Allowed values: ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (schema.format === 'duration') parts.push('', 'A duration with a unit, e.g. `5s`, `100ms`, `1h30m`.');
  return parts.join('\n');
}
