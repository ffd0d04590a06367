/**
 * The mesh-wide settings analyzers depend on: from `--mesh-config FILE` (CLI), the `istio` ConfigMap
 * of the root namespace when the workspace has one, else Istio's defaults.
 */
import { parse } from 'yaml';
import { asRecord, asString, get } from '../workspace/resource';
import type { WorkspaceIndex } from '../workspace/index';

export interface MeshConfig {
  rootNamespace: string;
  /** The raw MeshConfig object (extensionProviders, defaultConfig, …). */
  raw: Record<string, unknown>;
}

export const DEFAULT_MESH_CONFIG: MeshConfig = { rootNamespace: 'istio-system', raw: {} };

export function meshConfigFrom(raw: unknown): MeshConfig {
  const record = asRecord(raw);
  return { rootNamespace: asString(record.rootNamespace) ?? 'istio-system', raw: record };
}

/** Parses MeshConfig YAML text (a mesh config file, or the `mesh` key of the istio ConfigMap). */
export function parseMeshConfig(text: string): MeshConfig {
  return meshConfigFrom(parse(text));
}

/** The mesh config of the workspace: an explicit one wins, then the istio ConfigMap, then defaults. */
export function resolveMeshConfig(index: WorkspaceIndex, explicit?: MeshConfig): MeshConfig {
  if (explicit) return explicit;
  for (const cm of index.ofKind('ConfigMap')) {
    if (cm.name !== 'istio' && !cm.name.startsWith('istio-')) continue;
    const mesh = asString(get(cm.value, 'data', 'mesh'));
    if (!mesh) continue;
    try {
      return parseMeshConfig(mesh);
    } catch {
      continue;
    }
  }
  return DEFAULT_MESH_CONFIG;
}
