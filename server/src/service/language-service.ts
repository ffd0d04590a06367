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
import type { ClusterSchemas } from '../../../protocol/src/cluster-schemas';
import { codeActions } from './code-actions';
import { complete } from './completion/complete';
import { hover } from './hover';
import { parseFile, type MeshFile } from './parser/mesh-document';
import { overlayCatalog } from './schema/cluster-catalog';
import { lazyValidators, type PrecompiledValidator, type ValidatorLookup } from './schema/precompiled';
import { SchemaRegistry } from './schema/registry';
import type { SchemaCatalog } from './schema/types';
import { documentSymbols } from './symbols';
import { LineIndex } from './text/line-index';
import { crdConstraintValidator } from './validation/crd-constraints';
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
  /** The active registry: the bundled catalog, with the cluster's CRD schemas over it when set. */
  readonly registry: SchemaRegistry;
  /**
   * Layers the schemas of the cluster's CRDs over the bundled catalog (validation, completion and
   * hover follow them); `null` goes back to the bundled schemas. Earlier diagnostics are stale after.
   */
  setClusterSchemas(schemas: ClusterSchemas | null): void;
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
  const bundledValidators = lazyValidators(options.validators);
  const contextOf = (catalog: SchemaCatalog): ValidationContext => {
    const registry = new SchemaRegistry(catalog);
    return { registry, validators: withClusterValidators(registry, bundledValidators) };
  };
  let ctx = contextOf(options.catalog);
  return {
    get registry() {
      return ctx.registry;
    },
    setClusterSchemas(schemas) {
      ctx = contextOf(schemas ? overlayCatalog(options.catalog, schemas) : options.catalog);
    },
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
    complete: (doc, position) => complete(doc, position, ctx.registry),
    hover: (doc, position) => hover(doc, position, ctx.registry),
    documentSymbols: (doc) => documentSymbols(doc),
    codeActions: (doc, diagnostics) => codeActions(doc, diagnostics),
  };
}

/**
 * Kinds whose schema comes from the cluster get the CRD's constraints (built on first use), not the
 * bundled precompiled validators, which may be for another Istio version.
 */
function withClusterValidators(registry: SchemaRegistry, bundled: ValidatorLookup): ValidatorLookup {
  const fromCluster = new Map<string, PrecompiledValidator>();
  return (key) => {
    const slash = key.lastIndexOf('/');
    const found = registry.lookup(key.slice(0, slash), key.slice(slash + 1));
    if (found.status !== 'known' || found.entry.source !== 'cluster') return bundled(key);
    let validator = fromCluster.get(key);
    if (!validator) {
      validator = crdConstraintValidator(found.schema, (s) => registry.resolve(s));
      fromCluster.set(key, validator);
    }
    return validator;
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
