/** The JSON Schema subset of the generated catalog (scripts/gen-schemas.ts writes it). */
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
}

export interface KindEntry {
  apiVersion: string;
  kind: string;
  source: 'istio' | 'gateway-api' | 'kubernetes';
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
