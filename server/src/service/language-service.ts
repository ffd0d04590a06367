/**
 * The pure mesh language service: text in, results out. It imports neither vscode nor the LSP
 * connection; the LSP wiring (server/src/server.ts) and the CLI both sit on top of it.
 */
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Position,
} from 'vscode-languageserver-types';
import { codeActions } from './code-actions';
import { complete } from './completion/complete';
import { hover } from './hover';
import { parseFile, type MeshFile } from './parser/mesh-document';
import { lazyValidators, type PrecompiledValidator } from './schema/precompiled';
import { SchemaRegistry } from './schema/registry';
import type { SchemaCatalog } from './schema/types';
import { documentSymbols } from './symbols';
import { LineIndex } from './text/line-index';
import type { OffsetDiagnostic } from './validation/diagnostic';
import { validateChunk, type ValidationContext } from './validation/validate-chunk';

export interface MeshLanguageServiceOptions {
  catalog: SchemaCatalog;
  /** Lazy loaders of the precompiled validators, keyed by `apiVersion/kind`. */
  validators: Record<string, () => PrecompiledValidator>;
}

/** A parsed file plus its line index; what every feature takes. */
export interface MeshTextDocument {
  readonly file: MeshFile;
  readonly lines: LineIndex;
}

export interface MeshLanguageService {
  readonly registry: SchemaRegistry;
  /** Parses a file, reusing the unchanged documents of `previous` (an older version of it). */
  parse(uri: string, version: number, text: string, previous?: MeshTextDocument): MeshTextDocument;
  validate(doc: MeshTextDocument): Diagnostic[];
  complete(doc: MeshTextDocument, position: Position): CompletionList;
  hover(doc: MeshTextDocument, position: Position): Hover | null;
  documentSymbols(doc: MeshTextDocument): DocumentSymbol[];
  /** Quick fixes for the given diagnostics (those this service published). */
  codeActions(doc: MeshTextDocument, diagnostics: readonly Diagnostic[]): CodeAction[];
}

export const DIAGNOSTIC_SOURCE = 'meshwright';

export function createMeshLanguageService(options: MeshLanguageServiceOptions): MeshLanguageService {
  const registry = new SchemaRegistry(options.catalog);
  const ctx: ValidationContext = { registry, validators: lazyValidators(options.validators) };
  return {
    registry,
    parse(uri, version, text, previous) {
      return { file: parseFile(uri, version, text, previous?.file), lines: new LineIndex(text) };
    },
    validate(doc) {
      const out: Diagnostic[] = [];
      for (const { start, chunk } of doc.file.chunks) {
        for (const d of validateChunk(chunk, ctx)) out.push(toDiagnostic(d, start, doc.lines));
      }
      return out;
    },
    complete: (doc, position) => complete(doc, position, registry),
    hover: (doc, position) => hover(doc, position, registry),
    documentSymbols: (doc) => documentSymbols(doc),
    codeActions: (doc, diagnostics) => codeActions(doc, diagnostics),
  };
}

function toDiagnostic(d: OffsetDiagnostic, base: number, lines: LineIndex): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: lines.positionAt(base + d.start), end: lines.positionAt(base + d.end) },
    severity: d.severity,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.data) diagnostic.data = d.data;
  return diagnostic;
}
