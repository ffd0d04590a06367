/**
 * Exact constraints from the precompiled ajv validators (patterns, integer vs number, minimum/maximum,
 * lengths, item counts), mapped back to YAML ranges. Keywords the structural pass already covers
 * (type, enum, required, oneOf) are left to it, so each problem is reported once.
 */
import type { Document } from 'yaml';
import { nodeAtPointer, nodeRange } from '../parser/ast';
import type { PrecompiledError, PrecompiledValidator } from '../schema/precompiled';
import { Code, Severity, type OffsetDiagnostic } from './diagnostic';

const RANGE_KEYWORDS: Record<string, string> = {
  minimum: 'at least',
  maximum: 'at most',
  exclusiveMinimum: 'greater than',
  exclusiveMaximum: 'less than',
  minLength: 'at least',
  maxLength: 'at most',
  minItems: 'at least',
  maxItems: 'at most',
  minProperties: 'at least',
  maxProperties: 'at most',
};

export function constraintDiagnostics(
  doc: Document.Parsed,
  value: unknown,
  validator: PrecompiledValidator,
  alreadyReported: Set<number>,
): OffsetDiagnostic[] {
  if (validator(value)) return [];
  const out: OffsetDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validator.errors ?? []) {
    const message = describeError(error, valueAt(value, error.instancePath));
    if (!message) continue;
    const located = nodeAtPointer(doc, error.instancePath);
    const range = nodeRange(located?.node) ?? nodeRange(located?.keyNode);
    if (!range || alreadyReported.has(range[0])) continue;
    // One problem per value: `2.5` for an int32 fails both `type: integer` and `format: int32`.
    const dedupe = `${range[0]}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({
      start: range[0],
      end: range[1],
      severity: Severity.Error,
      code: codeOf(error.keyword),
      message,
    });
  }
  return out;
}

function codeOf(keyword: string): OffsetDiagnostic['code'] {
  if (keyword === 'pattern' || keyword === 'format') return Code.pattern;
  return keyword === 'type' ? Code.wrongType : Code.range;
}

function describeError(error: PrecompiledError, actual: unknown): string | undefined {
  const p = error.params;
  switch (error.keyword) {
    case 'pattern':
      return `Value '${String(actual)}' does not match the pattern ${String(p.pattern)}`;
    case 'format':
      return `Value '${String(actual)}' is not a valid ${String(p.format)}`;
    case 'multipleOf':
      return `Value must be a multiple of ${String(p.multipleOf)}`;
    case 'uniqueItems':
      return `Items must be unique (items ${String(p.j)} and ${String(p.i)} are equal)`;
    case 'type':
      // Only integer-vs-number is left to this pass; other type errors are structural.
      return p.type === 'integer' && typeof actual === 'number' && !Number.isInteger(actual)
        ? `Expected integer, got ${actual}`
        : undefined;
  }
  const bound = RANGE_KEYWORDS[error.keyword];
  if (!bound) return undefined;
  const limit = p.limit ?? p.comparison;
  const unit = error.keyword.endsWith('Length')
    ? ' characters'
    : error.keyword.endsWith('Items')
      ? ' items'
      : error.keyword.endsWith('Properties')
        ? ' entries'
        : '';
  return `Value must be ${bound} ${String(limit)}${unit}${typeof actual === 'number' ? ` (got ${actual})` : ''}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[seg];
  }
  return current;
}
