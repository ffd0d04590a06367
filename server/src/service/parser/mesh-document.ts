/**
 * Parsing with positions: a file becomes chunks (one per `---` document), each parsed once with `yaml`
 * and reused while its text is unchanged, so an edit re-parses only the document it touches.
 */
import { isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import { fastParse } from './fast/fast-parser';
import { splitDocuments } from './split';

export interface ResourceHeader {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** One parsed `---` chunk. All offsets inside are relative to the chunk's own text. */
export interface ParsedChunk {
  readonly text: string;
  /** Usually one; a chunk holding `...` then more content yields several. */
  readonly documents: readonly Document.Parsed[];
  /** Set when the parser itself threw (pathological input); the chunk then has no documents. */
  readonly crash?: string;
  readonly header: ResourceHeader;
  /** Per-chunk memo for results derived from the text alone (diagnostics, symbols). */
  readonly memo: Map<string, unknown>;
}

export interface PlacedChunk {
  start: number;
  chunk: ParsedChunk;
}

export interface MeshFile {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly chunks: readonly PlacedChunk[];
}

export const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  keepSourceTokens: false,
} as const;

export function parseChunk(text: string): ParsedChunk {
  try {
    // Most manifests take the fast path; anything unusual (or broken) goes to the full parser.
    const fast = fastParse(text);
    const documents = fast ? [fast] : parseAllDocuments(text, PARSE_OPTIONS);
    const docs = Array.isArray(documents) ? documents : [];
    return { text, documents: docs, header: readHeader(docs[0]), memo: new Map() };
  } catch (err) {
    // The composer recurses: absurd nesting can exhaust the stack. Report it instead of crashing.
    return {
      text,
      documents: [],
      crash: err instanceof Error ? err.message : String(err),
      header: {},
      memo: new Map(),
    };
  }
}

/**
 * Parses `text`, reusing chunks of `previous` whose text is unchanged. Chunks are independent of their
 * position, so a chunk that moved (an edit above it changed its offset) is reused too.
 */
export function parseFile(uri: string, version: number, text: string, previous?: MeshFile): MeshFile {
  const reusable = new Map<string, ParsedChunk>();
  for (const placed of previous?.chunks ?? []) reusable.set(placed.chunk.text, placed.chunk);
  const chunks = splitDocuments(text).map(({ start, text: chunkText }) => ({
    start,
    chunk: reusable.get(chunkText) ?? parseChunk(chunkText),
  }));
  return { uri, version, text, chunks };
}

export function readHeader(doc: Document.Parsed | undefined): ResourceHeader {
  const root = doc?.contents;
  if (!isMap(root)) return {};
  const header: ResourceHeader = {};
  for (const pair of root.items) {
    if (!isScalar(pair.key)) continue;
    const key = pair.key.value;
    if (key === 'apiVersion' || key === 'kind') {
      if (isScalar(pair.value) && typeof pair.value.value === 'string') header[key] = pair.value.value;
    } else if (key === 'metadata' && isMap(pair.value)) {
      for (const meta of pair.value.items) {
        if (!isScalar(meta.key) || !isScalar(meta.value)) continue;
        const value = meta.value.value;
        if (meta.key.value === 'name' && typeof value === 'string') header.name = value;
        if (meta.key.value === 'namespace' && typeof value === 'string') header.namespace = value;
      }
    }
  }
  return header;
}

/** The chunk holding `offset` (file offset) and the document inside it, with the chunk-relative offset. */
export function locate(
  file: MeshFile,
  offset: number,
): { placed: PlacedChunk; doc?: Document.Parsed; relative: number } | undefined {
  let low = 0;
  let high = file.chunks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (file.chunks[mid]!.start <= offset) low = mid;
    else high = mid - 1;
  }
  const placed = file.chunks[low];
  if (!placed) return undefined;
  const relative = offset - placed.start;
  const docs = placed.chunk.documents;
  const doc = docs.find((d) => relative >= d.range[0] && relative <= d.range[2]) ?? docs[docs.length - 1];
  return { placed, doc, relative };
}
