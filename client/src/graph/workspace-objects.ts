/**
 * The mesh objects of the workspace's YAML files, for the graph's config overlay (the vscode side that
 * finds and watches the files is workspace-mesh-files.ts). Each file is parsed on its own (multi-document
 * YAML, `kind: List` items too); a document that does not parse (a Helm template, a half-typed edit) is
 * skipped, the file's other documents still count. Every object is marked with its file and line
 * (mesh-objects.ts `markSource`), so the graph can say where it came from and "open YAML" opens the file.
 * Two files defining the same object: the later path (in sort order) wins. Pure.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../cluster/transport';
import type { ServiceGraph, WorkspaceFileRef } from './graph-types';
import {
  emptyMeshObjects,
  markSource,
  mergeMeshObjects,
  meshObjectsFromManifests,
  type MeshObjects,
} from './mesh-objects';

/** A workspace file: its URI and its workspace-relative path (for display and ordering). */
export interface ManifestFile {
  uri: string;
  path: string;
}

const MESH_KIND =
  /^\s*(?:-\s+)?kind:\s*["']?(?:VirtualService|DestinationRule|ServiceEntry|Gateway|Service|Deployment|StatefulSet|DaemonSet|Pod|List)["']?\s*(?:#.*)?$/m;

/** Cheap test before parsing: does the text declare a kind the overlay reads? */
export const mayHoldMeshObjects = (text: string): boolean => MESH_KIND.test(text);

/** Largest file read (generated bundles and data files are not hand-edited mesh config). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The overlay's objects in one file's text, each marked with the file and its document's line. */
export function parseManifestFile(
  text: string,
  file: ManifestFile,
  defaultNamespace = 'default',
): MeshObjects {
  const out = emptyMeshObjects();
  if (text.length > MAX_FILE_BYTES || !mayHoldMeshObjects(text)) return out;
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  } catch {
    return out;
  }
  if (!Array.isArray(docs)) return out; // an empty stream
  for (const doc of docs) {
    if (doc.errors.length) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch {
      continue;
    }
    const start = doc.contents?.range[0] ?? doc.range[0];
    const ref: WorkspaceFileRef = {
      uri: file.uri,
      path: file.path,
      line: lineCounter.linePos(start).line - 1,
    };
    const items = isList(value) ? value.items : [value];
    const found = meshObjectsFromManifests(items, defaultNamespace);
    for (const key of Object.keys(out) as (keyof MeshObjects)[])
      for (const o of found[key]) out[key].push(markSource(o, ref));
  }
  return out;
}

function isList(v: unknown): v is { items: unknown[] } {
  const o = v as { kind?: unknown; items?: unknown } | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.kind === 'string' &&
    o.kind.endsWith('List') &&
    Array.isArray(o.items)
  );
}

const count = (o: MeshObjects): number => Object.values(o).reduce((n, l: KubeObject[]) => n + l.length, 0);

/** The parsed mesh objects of the workspace's files, kept per file and merged on demand. */
export class WorkspaceMeshObjects {
  private readonly files = new Map<string, { path: string; objects: MeshObjects }>();
  private merged: MeshObjects | undefined;

  /**
   * The file's text now (from disk or an editor); returns whether the graph's objects may have changed
   * (the file held or holds objects the overlay reads).
   */
  set(file: ManifestFile, text: string, defaultNamespace = 'default'): boolean {
    const objects = parseManifestFile(text, file, defaultNamespace);
    const before = this.files.get(file.uri);
    const changed = count(objects) > 0 || (before !== undefined && count(before.objects) > 0);
    if (count(objects) > 0) this.files.set(file.uri, { path: file.path, objects });
    else this.files.delete(file.uri);
    if (changed) this.merged = undefined;
    return changed;
  }

  /** The file is gone; returns whether it held objects. */
  delete(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) this.merged = undefined;
    return had;
  }

  /** URIs of the files holding objects. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Every file's objects; for the same kind, namespace and name the later path wins. */
  objects(): MeshObjects {
    if (!this.merged) {
      const files = [...this.files.values()].sort((a, b) => a.path.localeCompare(b.path));
      this.merged = files.reduce((acc, f) => mergeMeshObjects(acc, f.objects), emptyMeshObjects());
    }
    return this.merged;
  }

  /** Namespaces the files' objects live in (for the namespace picker without a cluster). */
  namespaces(): string[] {
    const all = Object.values(this.objects()).flatMap((l: KubeObject[]) =>
      l.map((o) => o.metadata.namespace ?? ''),
    );
    return [...new Set(all.filter(Boolean))].sort();
  }
}

/** URIs of the workspace files a graph's resource refs name (the only files the panel opens). */
export function workspaceFilesOf(graph: ServiceGraph): Set<string> {
  const uris = new Set<string>();
  const add = (r: { file?: WorkspaceFileRef } | undefined) => r?.file && uris.add(r.file.uri);
  for (const n of graph.nodes) n.resources.forEach(add);
  for (const e of graph.edges) {
    add(e.config.virtualService);
    add(e.config.destinationRule);
  }
  return uris;
}
