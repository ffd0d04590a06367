/**
 * Picks the schemas the language server overlays on its bundled catalog out of the cluster's
 * CustomResourceDefinitions: the Istio and Gateway API groups only, served versions with a schema.
 * Pure: the extension lists the CRDs and sends the result as `meshwright/clusterSchemas`.
 */
import {
  CLUSTER_SCHEMA_GROUPS,
  type ClusterCrd,
  type ClusterCrdVersion,
  type ClusterSchemas,
  type OpenApiV3Schema,
} from '../../../protocol/src/cluster-schemas';
import type { KubeObject } from './transport';

const GROUPS = new Set(CLUSTER_SCHEMA_GROUPS);

export function clusterSchemasOf(context: string, crds: readonly KubeObject[]): ClusterSchemas {
  const out: ClusterCrd[] = [];
  for (const crd of crds) {
    const selected = crdSchemasOf(crd);
    if (selected) out.push(selected);
  }
  return { context, crds: out };
}

function crdSchemasOf(crd: KubeObject): ClusterCrd | undefined {
  const spec = record(crd.spec);
  const names = record(spec?.names);
  const group = spec?.group;
  const kind = names?.kind;
  const plural = names?.plural;
  if (typeof group !== 'string' || !GROUPS.has(group)) return undefined;
  if (typeof kind !== 'string' || typeof plural !== 'string') return undefined;
  const versions: ClusterCrdVersion[] = [];
  for (const raw of Array.isArray(spec?.versions) ? spec.versions : []) {
    const version = record(raw);
    const schema = record(record(version?.schema)?.openAPIV3Schema);
    if (typeof version?.name !== 'string' || version.served !== true || !schema) continue;
    versions.push({ name: version.name, served: true, openAPIV3Schema: schema as OpenApiV3Schema });
  }
  return versions.length ? { group, kind, plural, versions } : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
