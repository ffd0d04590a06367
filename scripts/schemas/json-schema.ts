/**
 * The subset of JSON Schema (draft-07) that the generated catalog uses. The language service reads the
 * same shape (server/src/service/schema/types.ts mirrors it); yaml-language-server reads it as plain
 * JSON Schema in the benchmark.
 */
export interface JsonSchema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  enum?: (string | number | boolean)[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  format?: string;
  'x-kubernetes-int-or-string'?: boolean;
  [extension: `x-${string}`]: unknown;
}
