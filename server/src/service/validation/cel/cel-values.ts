/**
 * A document's plain JS value → CEL values as the API server binds `self`: integer-typed fields (and
 * integers where the schema says nothing) are CEL ints, `type: number` fields doubles, objects maps,
 * arrays lists. Null-valued keys are dropped (the API server prunes them), so `has(self.x)` is false
 * for a missing or empty optional field.
 */
import { celMap, type CelInput } from '@bufbuild/cel';
import type { Schema } from '../../schema/types';

const MAX_DEPTH = 128;

export function toCel(
  value: unknown,
  schema: Schema | undefined,
  resolve: (s: Schema) => Schema,
  depth = 0,
): CelInput {
  const s = schema ? resolve(schema) : undefined;
  if (value === null || value === undefined || depth > MAX_DEPTH) return null;
  if (typeof value === 'number') {
    return Number.isInteger(value) && s?.type !== 'number' ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => toCel(item, s?.items, resolve, depth + 1));
  if (typeof value === 'object') {
    const entries = new Map<string, CelInput>();
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (child === null || child === undefined) continue;
      entries.set(key, toCel(child, propertySchema(s, key), resolve, depth + 1));
    }
    return celMap(entries);
  }
  return null;
}

export function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  return (
    schema.properties?.[key] ??
    (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
  );
}
