/**
 * Realistic Istio CRD schemas for the emulator: each kind/version's `openAPIV3Schema` derived from the
 * bundled catalog (server/generated/catalog.json, $refs resolved, closed objects left to pruning as in
 * a structural schema, durations as strings checked by CEL), plus the `x-kubernetes-validations` rules
 * Istio 1.2x ships on those fields.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CelValidationRule, OpenApiV3Schema } from '../../protocol/src/cluster-schemas';
import type { Schema, SchemaCatalog } from '../../server/src/service/schema/types';

const CATALOG = resolve(__dirname, '..', '..', 'server', 'generated', 'catalog.json');
const MAX_DEPTH = 64;

const ONE_TARGET: CelValidationRule = {
  message: 'only one of targetRefs, selector or targetRef can be set',
  rule: '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1',
};
const DURATION: CelValidationRule = {
  message: 'must be a valid duration greater than 1ms',
  rule: "duration(self) >= duration('1ms')",
};
const PORT: CelValidationRule = {
  message: 'port must be between 1-65535',
  rule: '0 < self && self <= 65535',
};
const LABEL_KEYS: CelValidationRule[] = [
  { message: 'wildcard not allowed in label key match', rule: "self.all(key, !key.contains('*'))" },
  { message: 'key must not be empty', rule: 'self.all(key, key.size() != 0)' },
];
const LABEL_VALUE: CelValidationRule = {
  message: 'wildcard not allowed in label value match',
  rule: "!self.contains('*')",
};
const TARGET_REF: CelValidationRule = {
  message:
    'Support kinds are core/Service, networking.istio.io/ServiceEntry, gateway.networking.k8s.io/Gateway',
  rule: "[self.group, self.kind] in [['core','Service'], ['','Service'], ['gateway.networking.k8s.io','Gateway'], ['networking.istio.io','ServiceEntry']]",
};
const NO_CROSS_NAMESPACE: CelValidationRule = {
  message: 'cross namespace referencing is not currently supported',
  rule: 'self.size() == 0',
};
const UDS: CelValidationRule[] = [
  {
    message: 'UDS must be an absolute path or abstract socket',
    rule: "self.startsWith('unix://') ? (self.substring(7, 8) == '/' || self.substring(7, 8) == '@') : true",
  },
  { message: 'UDS may not be a dir', rule: "self.startsWith('unix://') ? !self.endsWith('/') : true" },
];
const ENDPOINT: CelValidationRule[] = [
  { message: 'Address is required', rule: 'has(self.address) || has(self.network)' },
  {
    message: 'UDS may not include ports',
    rule: "(has(self.address) ? self.address : '').startsWith('unix://') ? !has(self.ports) : true",
  },
];

/** Rules by kind and field path (`spec`, `spec.hosts[]`, …), as Istio's CRDs place them. */
const RULES: Record<string, Record<string, CelValidationRule[]>> = {
  AuthorizationPolicy: { spec: [ONE_TARGET] },
  RequestAuthentication: { spec: [ONE_TARGET] },
  Telemetry: { spec: [ONE_TARGET] },
  WasmPlugin: { spec: [ONE_TARGET] },
  PeerAuthentication: {
    spec: [
      {
        message: 'portLevelMtls requires selector',
        rule: '(has(self.selector) && has(self.selector.matchLabels) && self.selector.matchLabels.size() > 0) || !has(self.portLevelMtls)',
      },
    ],
    'spec.portLevelMtls': [
      { message: 'port must be between 1-65535', rule: 'self.all(key, 0 < int(key) && int(key) <= 65535)' },
    ],
  },
  ServiceEntry: {
    spec: [
      {
        message: 'only one of WorkloadSelector or Endpoints can be set',
        rule: '(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1',
      },
      {
        message: 'CIDR addresses are allowed only for NONE/STATIC resolution types',
        rule: "!((has(self.addresses) ? self.addresses : []).exists(k, k.contains('/')) && !((has(self.resolution) ? self.resolution : 'NONE') in ['STATIC', 'NONE']))",
      },
      {
        message: 'NONE mode cannot set endpoints',
        rule: "(has(self.resolution) ? self.resolution : 'NONE') == 'NONE' ? !has(self.endpoints) : true",
      },
      {
        message: 'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
        rule: "(has(self.resolution) ? self.resolution : '') == 'DNS_ROUND_ROBIN' ? self.endpoints.size() <= 1 : true",
      },
    ],
    'spec.hosts[]': [{ message: 'hostname cannot be wildcard', rule: "self != '*'" }],
    'spec.endpoints[]': ENDPOINT,
    'spec.endpoints[].address': UDS,
    'spec.ports[].number': [PORT],
    'spec.ports[].targetPort': [PORT],
  },
  WorkloadEntry: { spec: ENDPOINT, 'spec.address': UDS },
  Gateway: { 'spec.servers[].port.number': [PORT] },
  Sidecar: { 'spec.ingress[].port.number': [PORT], 'spec.egress[].port.number': [PORT] },
};

/** Size limits Istio's CRDs set next to the rules above. */
const LIMITS: Record<string, Record<string, Partial<OpenApiV3Schema>>> = {
  ServiceEntry: {
    'spec.hosts': { minItems: 1, maxItems: 256 },
    'spec.ports': { maxItems: 256 },
    'spec.addresses': { maxItems: 256 },
    'spec.ports[].number': { minimum: 0, maximum: 4294967295, format: 'uint32' },
  },
  AuthorizationPolicy: { 'spec.targetRefs': { maxItems: 16 } },
  RequestAuthentication: { 'spec.targetRefs': { maxItems: 16 } },
  Telemetry: {
    'spec.targetRefs': { maxItems: 16 },
    'spec.tracing[].randomSamplingPercentage': { minimum: 0, maximum: 100, format: 'double' },
  },
};

let catalog: SchemaCatalog | undefined;

/** The `openAPIV3Schema` of `group/version` `kind`, or a permissive one when the catalog lacks it. */
export function istioCrdSchema(group: string, version: string, kind: string): OpenApiV3Schema {
  catalog ??= JSON.parse(readFileSync(CATALOG, 'utf8')) as SchemaCatalog;
  const entry = catalog['x-meshwright-kinds'].find(
    (e) => e.apiVersion === `${group}/${version}` && e.kind === kind,
  );
  const spec = entry?.definition ? catalog.definitions[entry.definition]?.properties?.spec : undefined;
  const specSchema = spec
    ? convert(spec, catalog, kind, 'spec', 0)
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    type: 'object',
    properties: {
      spec: specSchema,
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    required: ['spec'],
  };
}

function convert(
  raw: Schema,
  catalog: SchemaCatalog,
  kind: string,
  path: string,
  depth: number,
): OpenApiV3Schema {
  const schema = deref(raw, catalog);
  if (depth > MAX_DEPTH) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const out: OpenApiV3Schema = {};
  if (schema.description) out.description = schema.description;
  if (schema['x-kubernetes-int-or-string']) {
    Object.assign(out, {
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
  } else if (schema.format === 'duration') {
    Object.assign(out, { type: 'string' });
    addRules(out, [DURATION]);
  } else {
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (type) out.type = type;
    if (schema.format) out.format = schema.format;
    if (schema.enum) out.enum = [...schema.enum];
    if (schema.required?.length) out.required = [...schema.required];
    if (schema.oneOf) out.oneOf = structuredClone(schema.oneOf) as OpenApiV3Schema[];
    if (schema.items) out.items = convert(schema.items, catalog, kind, `${path}[]`, depth + 1);
    if (schema.properties) {
      out.properties = {};
      for (const [key, prop] of Object.entries(schema.properties)) {
        out.properties[key] = convert(prop, catalog, kind, `${path}.${key}`, depth + 1);
      }
    }
    if (typeof schema.additionalProperties === 'object') {
      out.additionalProperties = convert(schema.additionalProperties, catalog, kind, `${path}.*`, depth + 1);
    }
    if (type === 'object' && !out.properties && !out.additionalProperties) {
      out['x-kubernetes-preserve-unknown-fields'] = true;
    }
  }
  addSharedRules(out, path);
  Object.assign(out, LIMITS[kind]?.[path]);
  addRules(out, RULES[kind]?.[path] ?? []);
  return out;
}

/** Rules Istio's shared message types carry wherever they appear (selectors, target references). */
function addSharedRules(out: OpenApiV3Schema, path: string): void {
  if (/\.(selector|workloadSelector)\.matchLabels$/.test(path)) {
    out.maxProperties = 4096;
    addRules(out, LABEL_KEYS);
  }
  if (/\.(selector|workloadSelector)\.matchLabels\.\*$/.test(path)) {
    out.maxLength = 63;
    addRules(out, [LABEL_VALUE]);
  }
  if (/\.targetRefs?(\[\])?$/.test(path) && out.type === 'object') addRules(out, [TARGET_REF]);
  if (/\.targetRefs?(\[\])?\.namespace$/.test(path)) addRules(out, [NO_CROSS_NAMESPACE]);
  if (/\.targetRefs?(\[\])?\.(name|kind)$/.test(path)) Object.assign(out, { minLength: 1, maxLength: 253 });
}

function addRules(out: OpenApiV3Schema, rules: CelValidationRule[]): void {
  if (!rules.length) return;
  out['x-kubernetes-validations'] = [
    ...(out['x-kubernetes-validations'] ?? []),
    ...rules.map((r) => ({ ...r })),
  ];
}

function deref(schema: Schema, catalog: SchemaCatalog): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 16; hops++) {
    current = catalog.definitions[current.$ref.replace('#/definitions/', '')] ?? {};
  }
  if (current.allOf?.length) {
    const parts = current.allOf.map((s) => deref(s, catalog));
    const { allOf: _allOf, ...rest } = current;
    return Object.assign({}, ...parts, rest) as Schema;
  }
  return current;
}
