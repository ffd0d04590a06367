/**
 * The server's view of the workspace: open editors and YAML files on disk, parsed and indexed, with
 * the cluster snapshot the client pushed. Produces every file's diagnostics (schema + analysis).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ClusterSnapshot, ServerSettings } from '../../protocol/src/custom-messages';
import { DEFAULT_SERVER_SETTINGS } from '../../protocol/src/custom-messages';
import { analyzeWorkspace, findingsToDiagnostics } from './service/analysis/analyze-workspace';
import type { MeshLanguageService, MeshTextDocument } from './service/language-service';
import { AnalysisCache } from './service/analysis/incremental';
import { WorkspaceIndex } from './service/workspace/index';

export class MeshWorkspace {
  settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  cluster: ClusterSnapshot | undefined;
  readonly index = new WorkspaceIndex(() => this.settings.defaultNamespace);
  /** Parsed documents by URI: open editors win over disk. */
  private readonly docs = new Map<string, MeshTextDocument>();
  private readonly open = new Set<string>();
  /** Schema diagnostics per parsed version; dropped when the schemas change. */
  private validated = new WeakMap<MeshTextDocument, Diagnostic[]>();
  /** Analyzers whose inputs did not change keep their findings between refreshes. */
  private readonly analysisCache = new AnalysisCache();

  constructor(private readonly service: MeshLanguageService) {}

  document(uri: string): MeshTextDocument | undefined {
    return this.docs.get(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /** An open editor's latest parse. */
  setOpen(doc: MeshTextDocument): void {
    this.open.add(doc.file.uri);
    this.put(doc);
  }

  /** A file read from disk; ignored while the file is open in an editor. */
  setFromDisk(uri: string, text: string): void {
    if (this.open.has(uri)) return;
    const previous = this.docs.get(uri);
    if (previous?.file.text === text) return;
    this.put(this.service.parse(uri, (previous?.file.version ?? 0) + 1, text, previous));
  }

  /** An editor closed: keep the file (from disk) only when the workspace is analyzed as a whole. */
  close(uri: string, diskText: string | undefined): void {
    this.open.delete(uri);
    if (diskText !== undefined && this.settings.analyzeWorkspace) this.setFromDisk(uri, diskText);
    else this.remove(uri);
  }

  remove(uri: string): void {
    if (this.open.has(uri)) return;
    this.docs.delete(uri);
    this.index.delete(uri);
  }

  /** Re-indexes every document (the default namespace changed). */
  reindex(): void {
    for (const doc of this.docs.values()) this.index.set(doc);
  }

  /** The service's schemas changed (cluster CRDs pushed or forgotten): every file is re-validated. */
  schemasChanged(): void {
    this.validated = new WeakMap();
  }

  /** Diagnostics of every known file: schema checks plus whole-workspace analysis. */
  diagnostics(): Map<string, Diagnostic[]> {
    const findings = analyzeWorkspace(this.index, { cluster: this.cluster, cache: this.analysisCache });
    const analysis = findingsToDiagnostics(findings, (uri) => this.docs.get(uri));
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, doc] of this.docs) {
      out.set(uri, [...this.schemaDiagnostics(doc), ...(analysis.get(uri) ?? [])]);
    }
    return out;
  }

  /** Schema diagnostics of one version of a file: a refresh re-validates only the files that changed. */
  private schemaDiagnostics(doc: MeshTextDocument): Diagnostic[] {
    let diagnostics = this.validated.get(doc);
    if (!diagnostics) {
      diagnostics = this.service.validate(doc);
      this.validated.set(doc, diagnostics);
    }
    return diagnostics;
  }

  private put(doc: MeshTextDocument): void {
    this.docs.set(doc.file.uri, doc);
    this.index.set(doc);
  }
}
