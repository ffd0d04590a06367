/**
 * A Kubernetes/Istio resource found in a file: its identity (kind, namespace, name), its value, and
 * where it lives (file, chunk, parsed document) so findings can point at exact fields.
 */
import type { Document } from 'yaml';
import { splitApiVersion } from '../schema/registry';

export interface MeshResource {
  /** `group/version/Kind/namespace/name@uri#index`: unique within the workspace. */
  readonly id: string;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace as written in the YAML ('' when absent). */
  readonly namespaceAsWritten: string;
  /** The namespace the resource applies to: as written, else the default namespace. */
  readonly namespace: string;
  readonly uri: string;
  /** Offset of the resource's chunk in the file (follows the chunk when an edit above moves it). */
  readonly chunkStart: number;
  readonly doc: Document.Parsed;
  /** The plain value (toJS) of the document. */
  readonly value: Record<string, unknown>;
}

/** Where a chunk currently starts in its file; shared by the chunk's resources and moved with it. */
export interface Placement {
  start: number;
}

let sequence = 0;

export function makeResource(
  value: Record<string, unknown>,
  doc: Document.Parsed,
  uri: string,
  chunkStart: number | Placement,
  index: number,
  defaultNamespace: string,
): MeshResource | undefined {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const metadata = (isObject(value.metadata) ? value.metadata : {}) as Record<string, unknown>;
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespaceAsWritten = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const placement = typeof chunkStart === 'number' ? { start: chunkStart } : chunkStart;
  return {
    // Unique for the life of the process: a resource object outlives edits elsewhere in its file.
    id: `${apiVersion}/${kind}/${namespaceAsWritten}/${name}@${uri}#${index}.${++sequence}`,
    apiVersion,
    group: splitApiVersion(apiVersion).group,
    kind,
    name,
    namespaceAsWritten,
    namespace: namespaceAsWritten || defaultNamespace,
    uri,
    get chunkStart() {
      return placement.start;
    },
    doc,
    value,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `namespace/name`, or just `name` when the YAML gives no namespace (as istioctl prints it). */
export function displayName(resource: MeshResource): string {
  return resource.namespaceAsWritten ? `${resource.namespaceAsWritten}/${resource.name}` : resource.name;
}

/** Reads a nested field: `get(r.value, 'spec', 'hosts')`. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const seg of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** String labels of a map (non-string values are skipped). */
export function asLabels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
