/**
 * Overlays the schemas of a cluster's CRDs on the bundled catalog: for each kind and version the
 * cluster serves, the cluster's schema replaces the bundled one (source `cluster`), and a version we
 * do not bundle becomes known. Everything else stays as bundled (the offline fallback).
 */
import type { ClusterSchemas, OpenApiV3Schema } from '../../../../protocol/src/cluster-schemas';
import { schemaFromCrd } from './crd-to-schema';
import type { KindEntry, Schema, SchemaCatalog } from './types';

/** Key prefix of cluster schemas in `definitions`. */
const PREFIX = 'cluster:';
const OBJECT_META = 'ObjectMeta';

export function overlayCatalog(bundled: SchemaCatalog, cluster: ClusterSchemas): SchemaCatalog {
  const definitions: Record<string, Schema> = { ...bundled.definitions };
  const replaced = new Map<string, KindEntry>();
  const added: KindEntry[] = [];
  const bundledKeys = new Set(bundled['x-meshwright-kinds'].map((e) => `${e.apiVersion}/${e.kind}`));
  for (const crd of cluster.crds) {
    for (const version of crd.versions) {
      if (!version.served || !version.openAPIV3Schema) continue;
      const apiVersion = `${crd.group}/${version.name}`;
      const definition = `${PREFIX}${apiVersion}/${crd.kind}`;
      definitions[definition] = rootSchema(version.openAPIV3Schema, bundled);
      const entry: KindEntry = {
        apiVersion,
        kind: crd.kind,
        source: 'cluster',
        context: cluster.context,
        definition,
      };
      const key = `${apiVersion}/${crd.kind}`;
      if (bundledKeys.has(key)) replaced.set(key, entry);
      else added.push(entry);
    }
  }
  const kinds = bundled['x-meshwright-kinds'].map((e) => replaced.get(`${e.apiVersion}/${e.kind}`) ?? e);
  for (const entry of added.sort((a, b) => compareVersions(b.apiVersion, a.apiVersion))) {
    // After the kind's other versions, so "served versions" lists read naturally.
    const last = kinds.findLastIndex((e) => e.kind === entry.kind && groupOf(e) === groupOf(entry));
    kinds.splice(last < 0 ? kinds.length : last + 1, 0, entry);
  }
  return { ...bundled, definitions, 'x-meshwright-kinds': kinds };
}

function rootSchema(source: OpenApiV3Schema, bundled: SchemaCatalog): Schema {
  const root = schemaFromCrd(source);
  // The API server always accepts apiVersion, kind and metadata; Istio's CRDs declare only spec and
  // status. CRDs declare metadata as a bare object: the bundled ObjectMeta gives it fields and hover.
  const properties = (root.properties ??= {});
  properties.apiVersion ??= { type: 'string', description: 'APIVersion of the object.' };
  properties.kind ??= { type: 'string', description: 'Kind of the object.' };
  if (!properties.metadata?.properties) {
    properties.metadata = bundled.definitions[OBJECT_META]
      ? { $ref: `#/definitions/${OBJECT_META}` }
      : { type: 'object' };
  }
  if (root.additionalProperties === undefined && source['x-kubernetes-preserve-unknown-fields'] !== true) {
    root.additionalProperties = false;
  }
  root.type ??= 'object';
  return root;
}

function groupOf(entry: KindEntry): string {
  return entry.apiVersion.slice(0, Math.max(0, entry.apiVersion.lastIndexOf('/')));
}

/** Kubernetes version priority: GA > beta > alpha, then by number (`v1` > `v1beta2` > `v1alpha3`). */
export function compareVersions(a: string, b: string): number {
  const rank = (apiVersion: string): [number, number, number] => {
    const m = /v(\d+)(?:(alpha|beta)(\d+))?$/.exec(apiVersion);
    if (!m) return [-1, 0, 0];
    const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
