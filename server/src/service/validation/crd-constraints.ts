/**
 * The exact constraints of a schema converted from a cluster's CRD (pattern, minimum/maximum, lengths,
 * item and property counts, uniqueItems, formats), checked on the document's value. It has the shape of
 * a precompiled ajv validator, so constraints.ts maps its errors to ranges and messages the same way.
 */
import type { PrecompiledError, PrecompiledValidator } from '../schema/precompiled';
import type { Schema } from '../schema/types';

const MAX_DEPTH = 128;
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [-(2 ** 63), 2 ** 63],
  uint64: [0, 2 ** 64],
};
const STRING_FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
};

export function crdConstraintValidator(root: Schema, resolve: (s: Schema) => Schema): PrecompiledValidator {
  const patterns = new Map<string, RegExp | null>();
  const regex = (pattern: string) => {
    if (!patterns.has(pattern)) {
      patterns.set(pattern, compilePattern(pattern));
    }
    return patterns.get(pattern);
  };
  const validator: PrecompiledValidator = (data: unknown) => {
    const errors: PrecompiledError[] = [];
    const check = (value: unknown, raw: Schema, path: string, depth: number): void => {
      if (depth > MAX_DEPTH || value === null || value === undefined) return;
      const schema = resolve(raw);
      const fail = (keyword: string, params: Record<string, unknown>) =>
        errors.push({ instancePath: path, keyword, params });
      if (typeof value === 'string') {
        if (schema.pattern !== undefined && regex(schema.pattern)?.test(value) === false) {
          fail('pattern', { pattern: schema.pattern });
        }
        const length = [...value].length;
        if (schema.minLength !== undefined && length < schema.minLength)
          fail('minLength', { limit: schema.minLength });
        if (schema.maxLength !== undefined && length > schema.maxLength)
          fail('maxLength', { limit: schema.maxLength });
        const format = schema.format ? STRING_FORMATS[schema.format] : undefined;
        if (format && !format.test(value)) fail('format', { format: schema.format });
      } else if (typeof value === 'number') {
        checkNumber(value, schema, fail);
      } else if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems)
          fail('minItems', { limit: schema.minItems });
        if (schema.maxItems !== undefined && value.length > schema.maxItems)
          fail('maxItems', { limit: schema.maxItems });
        if (schema.uniqueItems) {
          const duplicate = firstDuplicate(value);
          if (duplicate) fail('uniqueItems', { i: duplicate[1], j: duplicate[0] });
        }
        if (schema.items) value.forEach((item, i) => check(item, schema.items!, `${path}/${i}`, depth + 1));
      } else if (typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>);
        if (schema.minProperties !== undefined && entries.length < schema.minProperties) {
          fail('minProperties', { limit: schema.minProperties });
        }
        if (schema.maxProperties !== undefined && entries.length > schema.maxProperties) {
          fail('maxProperties', { limit: schema.maxProperties });
        }
        for (const [key, child] of entries) {
          const prop =
            schema.properties?.[key] ??
            (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
          if (prop) check(child, prop, `${path}/${escapePointer(key)}`, depth + 1);
        }
      }
    };
    check(data, root, '', 0);
    validator.errors = errors.length ? errors : null;
    return errors.length === 0;
  };
  return validator;
}

/** RE2 patterns as JavaScript regexes; syntax JavaScript does not share (e.g. `(?i)`) is not checked. */
function compilePattern(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the unicode flag, which rejects escapes like `\-`
    }
  }
  return null;
}

function checkNumber(value: number, schema: Schema, fail: (k: string, p: Record<string, unknown>) => void) {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
      fail(schema.exclusiveMinimum ? 'exclusiveMinimum' : 'minimum', { limit: schema.minimum });
    }
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
      fail(schema.exclusiveMaximum ? 'exclusiveMaximum' : 'maximum', { limit: schema.maximum });
    }
  }
  const range = schema.format ? INT_RANGES[schema.format] : undefined;
  if (range && Number.isInteger(value) && (value < range[0] || value > range[1])) {
    fail('format', { format: schema.format });
  }
}

function firstDuplicate(items: unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = JSON.stringify(items[i]);
    const previous = seen.get(key);
    if (previous !== undefined) return [previous, i];
    seen.set(key, i);
  }
  return undefined;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
