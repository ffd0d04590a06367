/**
 * Schema registry: picks the schema of a YAML document from its apiVersion and kind, and walks schemas
 * (following $ref / allOf) for validation, completion and hover.
 */
import type { ExclusiveGroups, KindEntry, Schema, SchemaCatalog } from './types';

export type KindLookup =
  | { status: 'known'; entry: KindEntry; schema: Schema }
  /** A real kind we carry no schema for (e.g. storage.k8s.io): nothing to check. */
  | { status: 'unchecked'; entry: KindEntry }
  /** The group is one we know (e.g. networking.istio.io) but this version/kind is not served. */
  | { status: 'unknown-in-group'; group: string; reason: 'version' | 'kind'; known: string[] }
  /** Not a resource we have schemas for: we say nothing about it. */
  | { status: 'foreign' };

export class SchemaRegistry {
  private readonly byApiVersionKind = new Map<string, KindEntry>();
  private readonly versionsByGroup = new Map<string, Set<string>>();
  private readonly kindsByApiVersion = new Map<string, string[]>();
  private readonly resolved = new WeakMap<Schema, Schema>();

  constructor(private readonly catalog: SchemaCatalog) {
    for (const entry of catalog['x-meshwright-kinds']) {
      this.byApiVersionKind.set(`${entry.apiVersion}/${entry.kind}`, entry);
      const { group, version } = splitApiVersion(entry.apiVersion);
      if (!this.versionsByGroup.has(group)) this.versionsByGroup.set(group, new Set());
      this.versionsByGroup.get(group)!.add(version);
      const kinds = this.kindsByApiVersion.get(entry.apiVersion) ?? [];
      kinds.push(entry.kind);
      this.kindsByApiVersion.set(entry.apiVersion, kinds);
    }
  }

  get kinds(): readonly KindEntry[] {
    return this.catalog['x-meshwright-kinds'];
  }

  apiVersions(): string[] {
    return [...this.kindsByApiVersion.keys()];
  }

  kindsOf(apiVersion: string): string[] {
    return this.kindsByApiVersion.get(apiVersion) ?? [];
  }

  /** apiVersions that serve `kind`, newest first as the catalog lists them. */
  apiVersionsOfKind(kind: string): string[] {
    return this.kinds.filter((k) => k.kind === kind).map((k) => k.apiVersion);
  }

  lookup(apiVersion: string, kind: string): KindLookup {
    const entry = this.byApiVersionKind.get(`${apiVersion}/${kind}`);
    if (entry?.definition) {
      return { status: 'known', entry, schema: this.resolve(this.catalog.definitions[entry.definition]!) };
    }
    if (entry) return { status: 'unchecked', entry };
    const { group, version } = splitApiVersion(apiVersion);
    const versions = this.versionsByGroup.get(group);
    if (!versions) return { status: 'foreign' };
    if (!versions.has(version))
      return { status: 'unknown-in-group', group, reason: 'version', known: [...versions] };
    return { status: 'unknown-in-group', group, reason: 'kind', known: this.kindsOf(apiVersion) };
  }

  /** Follows $ref and allOf so callers see one schema with properties, items, enum, etc. */
  resolve(schema: Schema): Schema {
    const cached = this.resolved.get(schema);
    if (cached) return cached;
    let result = schema;
    if (schema.$ref) {
      const target = this.catalog.definitions[schema.$ref.replace('#/definitions/', '')] ?? {};
      result = this.resolve(target);
    } else if (schema.allOf?.length) {
      const parts = schema.allOf.map((s) => this.resolve(s));
      result = Object.assign({}, ...parts, withoutAllOf(schema));
      if (!schema.description) result.description = parts.find((p) => p.description)?.description;
    }
    this.resolved.set(schema, result);
    return result;
  }

  property(schema: Schema, key: string): Schema | undefined {
    const prop = schema.properties?.[key];
    if (prop) return this.resolve(prop);
    if (typeof schema.additionalProperties === 'object') return this.resolve(schema.additionalProperties);
    return undefined;
  }

  items(schema: Schema): Schema | undefined {
    return schema.items ? this.resolve(schema.items) : undefined;
  }

  /** Walks a path of keys and `[]` (array items) from a root schema. */
  at(root: Schema, path: readonly (string | number)[]): Schema | undefined {
    let current: Schema | undefined = root;
    for (const segment of path) {
      if (!current) return undefined;
      current =
        typeof segment === 'number' || segment === '[]'
          ? this.items(current)
          : this.property(current, segment);
    }
    return current;
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Decodes the oneOf shapes the generator writes into required-key groups. */
export function exclusiveGroups(schema: Schema): ExclusiveGroups | undefined {
  if (!schema.oneOf?.length) return undefined;
  const groups: string[][] = [];
  let allowNone = false;
  for (const branch of schema.oneOf) {
    if (branch.required) groups.push(branch.required);
    else if (branch.not) allowNone = true;
  }
  return groups.length ? { groups, allowNone } : undefined;
}

/** A short human type: `string`, `integer | string`, `array of object`, `map of string`… */
export function typeLabel(schema: Schema, resolve: (s: Schema) => Schema): string {
  if (schema['x-kubernetes-int-or-string']) return 'integer | string';
  if (schema.format === 'duration') return 'duration';
  if (schema.type === 'array')
    return `array of ${schema.items ? typeLabel(resolve(schema.items), resolve) : 'any'}`;
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeLabel(resolve(schema.additionalProperties), resolve)}`;
  }
  if (schema.type) return schema.type;
  if (schema.anyOf) return schema.anyOf.map((s) => typeLabel(resolve(s), resolve)).join(' | ');
  return 'any';
}

function withoutAllOf(schema: Schema): Schema {
  const { allOf: _allOf, ...rest } = schema;
  return rest;
}
