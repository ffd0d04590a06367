/**
 * The workspace index: every resource of every indexed file, keyed by kind/namespace/name, kept
 * current per file. Files are parsed by the language service; the index only collects resources.
 */
import type { MeshTextDocument } from '../language-service';
import { jsValue } from '../parser/js-value';
import { makeResource, type MeshResource, type Placement } from './resource';

const MEMO_KEY = 'resources';

export interface IndexedFile {
  readonly doc: MeshTextDocument;
  readonly resources: readonly MeshResource[];
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private byKindCache: Map<string, MeshResource[]> | undefined;
  private byNameCache: Map<string, MeshResource[]> | undefined;
  /** Resources that come from no file (the live cluster), searched after the files. */
  private extra: readonly MeshResource[] = [];

  constructor(private readonly defaultNamespace: () => string = () => 'default') {}

  private invalidate(): void {
    this.byKindCache = undefined;
    this.byNameCache = undefined;
  }

  /** Adds or replaces a file; returns its resources. */
  set(doc: MeshTextDocument): readonly MeshResource[] {
    const resources = extractResources(doc, this.defaultNamespace());
    this.files.set(doc.file.uri, { doc, resources });
    this.invalidate();
    return resources;
  }

  /** Adds a file whose resources the caller built (e.g. a meshNetworks file, which has no kind). */
  setResources(doc: MeshTextDocument, resources: readonly MeshResource[]): void {
    this.files.set(doc.file.uri, { doc, resources });
    this.invalidate();
  }

  delete(uri: string): void {
    if (this.files.delete(uri)) this.invalidate();
  }

  file(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  all(): MeshResource[] {
    return [...[...this.files.values()].flatMap((f) => f.resources), ...this.extra];
  }

  /** Resources from outside the files (live cluster state); replaces the previous set. */
  setExtra(resources: readonly MeshResource[]): void {
    this.extra = resources;
    this.invalidate();
  }

  /** Resources that come from workspace files only. */
  fileResources(): MeshResource[] {
    return [...this.files.values()].flatMap((f) => f.resources);
  }

  /** Resources of a kind (optionally of one API group), in file order. */
  ofKind(kind: string, group?: string): readonly MeshResource[] {
    if (!this.byKindCache) {
      this.byKindCache = new Map();
      for (const r of this.all()) {
        const list = this.byKindCache.get(r.kind) ?? [];
        list.push(r);
        this.byKindCache.set(r.kind, list);
      }
    }
    if (group === undefined) return this.byKindCache.get(kind) ?? [];
    // Analyzers ask for the same kind+group many times per run: filter once.
    const key = `${kind}\u0000${group}`;
    let list = this.byKindCache.get(key);
    if (!list) {
      list = (this.byKindCache.get(kind) ?? []).filter((r) => r.group === group);
      this.byKindCache.set(key, list);
    }
    return list;
  }

  /** Resources of every kind that passes `test` (e.g. the `*List` kinds), in file order. */
  ofKindsMatching(test: (kind: string) => boolean): MeshResource[] {
    return this.all().filter((r) => test(r.kind));
  }

  find(kind: string, namespace: string, name: string, group?: string): MeshResource | undefined {
    return this.findAll(kind, namespace, name, group)[0];
  }

  /** Every resource of that kind, namespace and name (overlays and variants may define one twice). */
  findAll(kind: string, namespace: string, name: string, group?: string): MeshResource[] {
    if (!this.byNameCache) {
      this.byNameCache = new Map();
      for (const r of this.all()) {
        const key = `${r.kind}/${r.namespace}/${r.name}`;
        const list = this.byNameCache.get(key) ?? [];
        list.push(r);
        this.byNameCache.set(key, list);
      }
    }
    const candidates = this.byNameCache.get(`${kind}/${namespace}/${name}`) ?? [];
    return group === undefined ? candidates : candidates.filter((r) => r.group === group);
  }
}

/** Resources of a parsed file; each chunk's list is memoised with the chunk, so unchanged documents are free. */
export function extractResources(doc: MeshTextDocument, defaultNamespace: string): MeshResource[] {
  const out: MeshResource[] = [];
  let index = 0;
  for (const { start, chunk } of doc.file.chunks) {
    // One memo slot per chunk. A chunk that moved (an edit above it) keeps its resource objects, only
    // their placement follows: analyzers that read nothing else changed keep their findings.
    const key = `${defaultNamespace}:${doc.file.uri}`;
    const memo = chunk.memo.get(MEMO_KEY) as
      { key: string; list: MeshResource[]; placement: Placement } | undefined;
    let list = memo?.key === key ? memo.list : undefined;
    if (memo && list) memo.placement.start = start;
    if (!list) {
      const placement: Placement = { start };
      list = [];
      for (const yamlDoc of chunk.documents) {
        if (yamlDoc.errors.length) continue;
        const result = jsValue(yamlDoc);
        if (!('value' in result)) continue;
        const value = result.value;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
        const resource = makeResource(
          value as Record<string, unknown>,
          yamlDoc,
          doc.file.uri,
          placement,
          index + list.length,
          defaultNamespace,
        );
        if (resource) list.push(resource);
      }
      chunk.memo.set(MEMO_KEY, { key, list, placement });
    }
    index += list.length;
    out.push(...list);
  }
  return out;
}
