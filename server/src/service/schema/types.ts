import type { CelValidationRule } from '../../../../protocol/src/cluster-schemas';

/**
 * The JSON Schema subset of the generated catalog (scripts/gen-schemas.ts writes it). Schemas converted
 * from a cluster's CRDs (schema/crd-to-schema.ts) also carry the exact constraints and CEL rules.
 */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  enum?: (string | number | boolean)[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  format?: string;
  'x-kubernetes-int-or-string'?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** OpenAPI v3.0 form (as in CRDs): `minimum`/`maximum` themselves are excluded. */
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  'x-kubernetes-validations'?: CelValidationRule[];
}

export interface KindEntry {
  apiVersion: string;
  kind: string;
  /** `cluster`: the schema comes from the current cluster's CRD, not the bundled catalog. */
  source: 'istio' | 'gateway-api' | 'kubernetes' | 'cluster';
  /** For source `cluster`: the kubeconfig context the CRD was read from. */
  context?: string;
  /** Key of the kind's root schema in `definitions`; absent for kinds known by name only. */
  definition?: string;
}

export interface SchemaCatalog {
  definitions: Record<string, Schema>;
  'x-meshwright-kinds': KindEntry[];
}

/** "At most one of" / "exactly one of" groups a schema's oneOf encodes (see gen-schemas). */
export interface ExclusiveGroups {
  groups: string[][];
  allowNone: boolean;
}
