/**
 * Schema checks that follow the YAML tree: unknown fields (with "did you mean"), wrong types, enums,
 * missing required fields, exclusive groups ("set only one of exact, prefix, regex") and durations.
 * A node that fails a check is not descended into, so one mistake gives one diagnostic.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { formatPath, nodeRange, scalarKey, type PathSegment } from '../parser/ast';
import { exclusiveGroups, type SchemaRegistry } from '../schema/registry';
import type { Schema } from '../schema/types';
import { Code, Severity, type OffsetDiagnostic } from './diagnostic';
import { didYouMean } from './did-you-mean';
import { durationProblem } from './duration';

const MAX_DEPTH = 128;
const MERGE_KEY = '<<';
const YAML11_BOOLEANS = new Set([
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Yes',
  'No',
  'On',
  'Off',
  'YES',
  'NO',
  'ON',
  'OFF',
]);

export class StructureValidator {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly out: OffsetDiagnostic[],
    /** The chunk's text, to quote values as written (`1.0`, not the parsed `1`). */
    private readonly text: string,
  ) {}

  /** `anchor` is where problems about the node as a whole (missing fields) are reported. */
  validate(node: unknown, schema: Schema, path: PathSegment[], anchor: [number, number], depth = 0): void {
    if (depth > MAX_DEPTH || node === null || node === undefined || isAlias(node)) return;
    if (isScalar(node) && node.value === null) return;
    if (schema['x-kubernetes-int-or-string']) {
      if (!isScalar(node))
        this.report(node as Node, Code.wrongType, `Expected integer or string, got ${kindOf(node)}`);
      return;
    }
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (type === 'object') {
      if (!isMap(node))
        return this.report(node as Node, Code.wrongType, `Expected object, got ${kindOf(node)}`);
      return this.validateMap(node, schema, path, anchor, depth);
    }
    if (type === 'array') {
      if (!isSeq(node))
        return this.report(node as Node, Code.wrongType, `Expected array, got ${kindOf(node)}`);
      const items = this.registry.items(schema);
      if (!items) return;
      node.items.forEach((item, i) => {
        // Problems with an item as a whole are shown on its first key, not across all its lines.
        const first = isMap(item) ? item.items[0]?.key : undefined;
        const range = nodeRange((first ?? item) as Node) ?? anchor;
        this.validate(item, items, [...path, i], range, depth + 1);
      });
      return;
    }
    if (!isScalar(node)) {
      if (type) this.report(node as Node, Code.wrongType, `Expected ${type}, got ${kindOf(node)}`);
      return;
    }
    this.validateScalar(node.value, node as Node, schema, type);
  }

  private validateMap(
    map: YAMLMap,
    schema: Schema,
    path: PathSegment[],
    anchor: [number, number],
    depth: number,
  ) {
    const present = new Map<string, Pair>();
    let merges = false;
    for (const pair of map.items) {
      const key = scalarKey(pair);
      if (key === undefined) continue;
      if (key === MERGE_KEY) {
        merges = true;
        continue;
      }
      present.set(key, pair);
      const declared = schema.properties?.[key];
      const propSchema = declared
        ? this.registry.resolve(declared)
        : typeof schema.additionalProperties === 'object'
          ? this.registry.resolve(schema.additionalProperties)
          : undefined;
      if (!propSchema) {
        if (schema.additionalProperties === false) this.reportUnknown(pair, key, schema, path, map);
        continue;
      }
      const keyRange = nodeRange(pair.key as Node) ?? anchor;
      this.validate(pair.value, propSchema, [...path, key], keyRange, depth + 1);
    }
    if (merges) return; // merged keys may supply what looks missing
    const missing = (schema.required ?? []).filter((k) => !present.has(k));
    if (missing.length) {
      const where = formatPath(path) || 'the resource';
      this.out.push({
        start: anchor[0],
        end: anchor[1],
        severity: Severity.Error,
        code: Code.missingRequired,
        message: `Missing required field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} in ${where}`,
        data: { path: where },
      });
    }
    this.checkExclusive(schema, present, anchor);
  }

  private checkExclusive(schema: Schema, present: Map<string, Pair>, anchor: [number, number]) {
    const exclusive = exclusiveGroups(schema);
    if (!exclusive) return;
    const names = exclusive.groups.map((g) => g.join(' + '));
    const set = exclusive.groups.filter((g) => g.every((k) => present.has(k)));
    if (set.length > 1) {
      for (const group of set.slice(1)) {
        const pair = present.get(group[0]!)!;
        this.report(pair.key as Node, Code.oneOf, `Set only one of ${names.join(', ')}`);
      }
    } else if (set.length === 0 && !exclusive.allowNone) {
      this.out.push({
        start: anchor[0],
        end: anchor[1],
        severity: Severity.Error,
        code: Code.oneOf,
        message: `Set one of ${names.join(', ')}`,
      });
    }
  }

  private validateScalar(value: unknown, node: Node, schema: Schema, type: Schema['type']) {
    if (schema.format === 'duration') {
      const problem = durationProblem(value);
      if (problem) this.report(node, Code.duration, problem);
      return;
    }
    switch (type) {
      case 'string':
        if (typeof value !== 'string') {
          const written = this.text.slice(node.range![0], node.range![1]);
          return this.report(
            node,
            Code.wrongType,
            `Expected string, got ${typeof value}: quote it ("${written}")`,
          );
        }
        break;
      case 'number':
      case 'integer':
        if (typeof value !== 'number')
          return this.report(node, Code.wrongType, `Expected ${type}, got ${describe(value)}`);
        if (type === 'integer' && !Number.isInteger(value)) {
          return this.report(node, Code.wrongType, `Expected integer, got ${value}`);
        }
        break;
      case 'boolean':
        if (typeof value === 'string' && YAML11_BOOLEANS.has(value)) {
          const bool = /^(y|yes|on)$/i.test(value);
          return this.report(
            node,
            Code.wrongType,
            `'${value}' is a boolean only in YAML 1.1: write ${bool}`,
            Severity.Warning,
          );
        }
        if (typeof value !== 'boolean')
          return this.report(node, Code.wrongType, `Expected boolean, got ${describe(value)}`);
        break;
    }
    if (schema.enum && !schema.enum.includes(value as string)) {
      const allowed = schema.enum.map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const message =
        allowed.length === 1
          ? `Value must be '${allowed[0]}'`
          : `Value '${String(value)}' is not allowed.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Valid values: ${allowed.join(', ')}`;
      this.out.push({
        ...rangeOf(node),
        severity: Severity.Error,
        code: Code.badEnum,
        message,
        data: { replacement: suggestion },
      });
    }
  }

  private reportUnknown(pair: Pair, key: string, schema: Schema, path: PathSegment[], map: YAMLMap) {
    // never suggest a key the mapping already has: renaming to it would make a duplicate key
    const present = new Set(map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    const known = Object.keys(schema.properties ?? {}).filter((k) => !present.has(k));
    const suggestion = didYouMean(key, known);
    const where = formatPath(path) || 'the resource';
    this.out.push({
      ...rangeOf(pair.key as Node),
      severity: Severity.Error,
      code: Code.unknownField,
      message: `Unknown field '${key}' in ${where}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      data: { replacement: suggestion, path: where },
    });
  }

  private report(node: Node, code: OffsetDiagnostic['code'], message: string, severity = Severity.Error) {
    this.out.push({ ...rangeOf(node), severity, code, message });
  }
}

function rangeOf(node: Node): { start: number; end: number } {
  const r = nodeRange(node) ?? [0, 0];
  return { start: r[0], end: r[1] };
}

function kindOf(node: unknown): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) return describe(node.value);
  return 'unknown';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string '${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  return typeof value;
}
