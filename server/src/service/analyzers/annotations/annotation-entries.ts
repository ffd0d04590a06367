/** Resources whose own annotations the annotation analyzers check, and their annotations. */
import type { WorkspaceIndex } from '../../workspace/index';
import { asRecord, get, type MeshResource } from '../../workspace/resource';

/** The kinds (and API groups) checked: Namespaces, Services, Pods and Deployments. */
const ANNOTATED_KINDS: ReadonlyMap<string, string> = new Map([
  ['Namespace', ''],
  ['Service', ''],
  ['Pod', ''],
  ['Deployment', 'apps'],
]);

/** Namespaces, Services, Pods and Deployments, in file order. */
export function annotatedResources(index: WorkspaceIndex): MeshResource[] {
  return index
    .ofKindsMatching((kind) => ANNOTATED_KINDS.has(kind))
    .filter((r) => ANNOTATED_KINDS.get(r.kind) === r.group);
}

/** The `metadata.annotations` of a resource as name/value pairs, in file order (scalars as strings). */
export function annotationEntries(resource: MeshResource): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(asRecord(get(resource.value, 'metadata', 'annotations')))) {
    if (value === null || typeof value === 'object') continue;
    out.push([name, String(value)]);
  }
  return out;
}
