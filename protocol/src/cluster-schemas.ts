/**
 * The schemas of the current cluster's CustomResourceDefinitions (notification `meshwright/clusterSchemas`,
 * see protocol/ and ARCHITECTURE.md): the Istio and Gateway API kinds the cluster serves, with each
 * served version's `openAPIV3Schema`. The server layers them over its bundled schema catalog.
 */
export interface ClusterSchemas {
  /** Context the CRDs were read from (for hover and messages). */
  context: string;
  crds: ClusterCrd[];
}

export interface ClusterCrd {
  group: string;
  kind: string;
  plural: string;
  /** Served versions that carry a schema. */
  versions: ClusterCrdVersion[];
}

export interface ClusterCrdVersion {
  name: string;
  served: boolean;
  /** The version's `schema.openAPIV3Schema`, as the API server returns it. */
  openAPIV3Schema: OpenApiV3Schema;
}

/** The structural-schema subset of OpenAPI v3 a CRD may use, plus the Kubernetes extensions. */
export interface OpenApiV3Schema {
  type?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, OpenApiV3Schema>;
  items?: OpenApiV3Schema;
  additionalProperties?: boolean | OpenApiV3Schema;
  oneOf?: OpenApiV3Schema[];
  anyOf?: OpenApiV3Schema[];
  allOf?: OpenApiV3Schema[];
  not?: OpenApiV3Schema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: CelValidationRule[];
  [extension: string]: unknown;
}

/** One `x-kubernetes-validations` entry. */
export interface CelValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** The API groups whose CRDs the client reads and the server overlays. */
export const CLUSTER_SCHEMA_GROUPS: readonly string[] = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
];
