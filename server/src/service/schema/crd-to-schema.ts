/**
 * A CRD version's `openAPIV3Schema` → the catalog's Schema. Structural schemas are pruned by the API
 * server, so an object with properties and without `x-kubernetes-preserve-unknown-fields` is closed
 * (unknown fields are reported); preserve-unknown-fields and property-less objects stay open. Exact
 * constraints and CEL rules are kept for validation/crd-constraints.ts and validation/cel/.
 */
import type { OpenApiV3Schema } from '../../../../protocol/src/cluster-schemas';
import type { Schema } from './types';

const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);
const DURATION_RULE = /\bduration\(self\)/;
const NUMERIC_KEYWORDS = [
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;

export function schemaFromCrd(source: OpenApiV3Schema): Schema {
  const out: Schema = {};
  if (typeof source.description === 'string') out.description = source.description;
  copyValidations(source, out);
  if (source['x-kubernetes-int-or-string']) {
    out['x-kubernetes-int-or-string'] = true;
    copyConstraints(source, out);
    return out;
  }
  if (typeof source.type === 'string' && TYPES.has(source.type)) out.type = source.type as Schema['type'];
  if (Array.isArray(source.enum)) {
    const values = source.enum.filter((v): v is string | number | boolean =>
      ['string', 'number', 'boolean'].includes(typeof v),
    );
    if (values.length) out.enum = values;
  }
  if (typeof source.format === 'string') out.format = source.format;
  // Istio's CRDs check durations with CEL (`duration(self) >= duration('1ms')`), which cannot say
  // what is wrong with `5` or `5 s`; the duration check and hover label can.
  if (
    out.type === 'string' &&
    !out.format &&
    out['x-kubernetes-validations']?.some((r) => DURATION_RULE.test(r.rule))
  ) {
    out.format = 'duration';
  }
  copyConstraints(source, out);
  if (Array.isArray(source.required) && source.required.length) out.required = [...source.required];
  if (source.items && typeof source.items === 'object') out.items = schemaFromCrd(source.items);
  const open = source['x-kubernetes-preserve-unknown-fields'] === true;
  if (source.properties && typeof source.properties === 'object') {
    out.properties = {};
    for (const [key, prop] of Object.entries(source.properties)) out.properties[key] = schemaFromCrd(prop);
  }
  if (typeof source.additionalProperties === 'object') {
    out.additionalProperties = schemaFromCrd(source.additionalProperties);
  } else if (out.properties && !open && source.additionalProperties !== true) {
    out.additionalProperties = false;
  }
  const oneOf = exclusiveOneOf(source.oneOf);
  if (oneOf) out.oneOf = oneOf;
  const anyOf = typeUnion(source.anyOf);
  if (anyOf && !out.type) out.anyOf = anyOf;
  if (Array.isArray(source.allOf) && source.allOf.length) out.allOf = source.allOf.map(schemaFromCrd);
  return out;
}

/**
 * Istio's CRDs encode proto oneofs as the generator does (schema/registry.ts `exclusiveGroups`):
 * `oneOf: [{not: {anyOf: [{required: [a]}, …]}}, {required: [a]}, …]` for "at most one of", without
 * the `not` branch for "exactly one of". Other oneOf shapes are not checked.
 */
function exclusiveOneOf(branches: OpenApiV3Schema[] | undefined): Schema[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const out: Schema[] = [];
  for (const branch of branches) {
    if (isRequiredOnly(branch)) out.push({ required: [...branch.required!] });
    else if (branch.not && Array.isArray(branch.not.anyOf) && branch.not.anyOf.every(isRequiredOnly)) {
      out.push({ not: { anyOf: branch.not.anyOf.map((b) => ({ required: [...b.required!] })) } });
    } else return undefined;
  }
  return out.some((b) => b.required) ? out : undefined;
}

function isRequiredOnly(schema: OpenApiV3Schema): boolean {
  return (
    Array.isArray(schema.required) &&
    schema.required.length > 0 &&
    Object.keys(schema).every((k) => k === 'required' || k === 'description')
  );
}

/** `anyOf: [{type: integer}, {type: string}]`: kept for the type label only. */
function typeUnion(branches: OpenApiV3Schema[] | undefined): Schema[] | undefined {
  if (!Array.isArray(branches) || !branches.length) return undefined;
  if (!branches.every((b) => typeof b.type === 'string' && TYPES.has(b.type) && !b.properties))
    return undefined;
  return branches.map((b) => ({ type: b.type as Schema['type'] }));
}

function copyConstraints(source: OpenApiV3Schema, out: Schema): void {
  if (typeof source.pattern === 'string') out.pattern = source.pattern;
  for (const key of NUMERIC_KEYWORDS) {
    const value = source[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  if (source.exclusiveMinimum === true) out.exclusiveMinimum = true;
  if (source.exclusiveMaximum === true) out.exclusiveMaximum = true;
  if (source.uniqueItems === true) out.uniqueItems = true;
}

function copyValidations(source: OpenApiV3Schema, out: Schema): void {
  const rules = source['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return;
  const valid = rules.filter((r) => r && typeof r === 'object' && typeof r.rule === 'string');
  if (valid.length) out['x-kubernetes-validations'] = valid.map((r) => ({ ...r }));
}
