/**
 * LSP wiring: documents and workspace files in, service results out. Nothing mesh-specific lives
 * here; it all sits in the pure service (server/src/service).
 */
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ClusterSchemasNotification,
  ClusterSnapshotNotification,
  DEFAULT_SERVER_SETTINGS,
  type ClusterSchemasParams,
  type ClusterSnapshotParams,
  type ServerSettings,
} from '../../protocol/src/custom-messages';
import { DiagnosticsPublisher } from './diagnostics-publisher';
import { DocumentCache } from './document-cache';
import { MeshWorkspace } from './mesh-workspace';
import { runSafe } from './run-safe';
import { analysisCodeActions, hostRefactorings } from './service/analysis-fixes/index';
import {
  definition,
  indexCompletions,
  prepareRename,
  referenceHover,
  references,
  rename,
  RenameError,
} from './service/navigation/index';
import type { MeshLanguageService } from './service/language-service';
import { ValidationScheduler } from './validation-scheduler';
import { isYamlUri, listYamlFiles, readYamlFile } from './workspace-files';

export interface ServerOptions {
  /**
   * Milliseconds of quiet before a changed document is re-checked. Re-checking is incremental (only
   * the edited `---` document is re-validated, only the analyzers whose inputs changed re-run), so a
   * short pause is enough to skip the keystrokes of a fast typist without making anyone wait.
   */
  validationDelayMs?: number;
}

const REFRESH = '*';

export function startServer(
  connection: Connection,
  service: MeshLanguageService,
  options: ServerOptions = {},
): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache(service);
  const workspace = new MeshWorkspace(service);
  const log = (message: string) => connection.console.error(message);
  const publisher = new DiagnosticsPublisher((uri, diagnostics, version) => {
    void connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  });
  let folders: string[] = [];

  const parsed = (uri: string) => {
    const document = documents.get(uri);
    return document ? cache.get(uri, document.version, () => document.getText()) : workspace.document(uri);
  };

  /** Re-validates and re-analyzes; publishes what changed for every file. */
  const refresh = () => {
    const all = runSafe(log, 'analysis', new Map(), undefined, () => workspace.diagnostics());
    for (const [uri, diagnostics] of all) {
      publisher.publish(
        uri,
        diagnostics,
        workspace.isOpen(uri) ? workspace.document(uri)?.file.version : undefined,
      );
    }
    publisher.clearOthers(new Set(all.keys()));
  };
  const scheduler = new ValidationScheduler(() => options.validationDelayMs ?? 50, refresh);
  const syncOpen = (uri: string) => {
    const doc = parsed(uri);
    if (doc) workspace.setOpen(doc);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspace.settings = {
      ...DEFAULT_SERVER_SETTINGS,
      ...(params.initializationOptions as Partial<ServerSettings>),
    };
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'meshwright', version: process.env.MESHWRIGHT_VERSION ?? 'dev' },
    };
  });

  connection.onInitialized(async () => {
    if (!workspace.settings.analyzeWorkspace) return;
    const started = Date.now();
    const uris = await listYamlFiles(folders);
    for (const uri of uris) {
      const text = await readYamlFile(uri);
      if (text !== undefined) workspace.setFromDisk(uri, text);
    }
    if (uris.length) log(`indexed ${uris.length} YAML files in ${Date.now() - started} ms`);
    scheduler.schedule(REFRESH);
  });

  // The first version of a document is checked at once; later edits after a pause.
  documents.onDidOpen((e) => {
    const uri = e.document.uri;
    const onDisk = workspace.document(uri)?.file.text;
    const doc = cache.get(uri, e.document.version, () => e.document.getText());
    // A file new to the index gets its schema diagnostics at once (before indexing it); the cross-file
    // analysis follows. A file opened as it is on disk already has both published.
    if (doc.file.text !== onDisk) publisher.publish(uri, service.validate(doc), doc.file.version);
    // Indexed on the next turn, so the diagnostics above are written out first.
    setImmediate(() => syncOpen(uri));
    scheduler.schedule(REFRESH);
  });
  documents.onDidChangeContent((e) => {
    if (workspace.document(e.document.uri)?.file.version === e.document.version) return;
    syncOpen(e.document.uri);
    scheduler.schedule(REFRESH);
  });
  documents.onDidClose(async (e) => {
    cache.delete(e.document.uri);
    // Only files of the workspace folders stay indexed once closed.
    const inWorkspace = folders.some((f) => e.document.uri.startsWith(f.endsWith('/') ? f : `${f}/`));
    const text = inWorkspace ? await readYamlFile(e.document.uri) : undefined;
    workspace.close(e.document.uri, text);
    scheduler.schedule(REFRESH);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    for (const change of params.changes) {
      if (!isYamlUri(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) workspace.remove(change.uri);
      else if (workspace.settings.analyzeWorkspace) {
        const text = await readYamlFile(change.uri);
        if (text === undefined) workspace.remove(change.uri);
        else workspace.setFromDisk(change.uri, text);
      }
    }
    scheduler.schedule(REFRESH);
  });
  connection.onDidChangeConfiguration((params) => {
    const settings = (params.settings as { meshwright?: Partial<ServerSettings> } | undefined)?.meshwright;
    if (!settings) return;
    workspace.settings = { ...workspace.settings, ...settings };
    workspace.reindex();
    scheduler.schedule(REFRESH);
  });
  connection.onNotification(ClusterSnapshotNotification.method, (params: ClusterSnapshotParams) => {
    workspace.cluster = params.snapshot ?? undefined;
    scheduler.schedule(REFRESH);
  });
  // New schemas change every file's schema diagnostics: re-validate them all (completion and hover
  // read the service's active registry, so they follow at once).
  connection.onNotification(ClusterSchemasNotification.method, (params: ClusterSchemasParams) => {
    runSafe(log, 'cluster schemas', undefined, undefined, () => {
      service.setClusterSchemas(params.schemas ?? null);
      workspace.schemasChanged();
      const count = params.schemas?.crds.length ?? 0;
      log(
        params.schemas
          ? `using the schemas of ${count} CRDs of ${params.schemas.context}`
          : 'using the bundled schemas',
      );
    });
    scheduler.schedule(REFRESH);
  });

  /** The open document, indexed at its latest version (navigation reads positions from the index). */
  const indexed = (uri: string) => {
    const doc = parsed(uri);
    if (doc && workspace.isOpen(uri)) workspace.setOpen(doc);
    return doc;
  };

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', null, token, () => {
      const doc = indexed(params.textDocument.uri);
      if (!doc) return null;
      const list = service.complete(doc, params.position);
      const fromIndex = indexCompletions(workspace.index, doc, params.position);
      return fromIndex.length ? { ...list, items: [...fromIndex, ...list.items] } : list;
    }),
  );
  connection.onHover((params, token) =>
    runSafe(log, 'hover', null, token, () => {
      const doc = indexed(params.textDocument.uri);
      if (!doc) return null;
      return referenceHover(workspace.index, doc, params.position) ?? service.hover(doc, params.position);
    }),
  );
  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', [], token, () => {
      const doc = indexed(params.textDocument.uri);
      return doc ? definition(workspace.index, doc, params.position) : [];
    }),
  );
  connection.onReferences((params, token) =>
    runSafe(log, 'references', [], token, () => {
      const doc = indexed(params.textDocument.uri);
      return doc ? references(workspace.index, doc, params.position, params.context.includeDeclaration) : [];
    }),
  );
  connection.onPrepareRename((params, token) =>
    runSafe(log, 'prepare rename', null, token, () => {
      const doc = indexed(params.textDocument.uri);
      return doc ? prepareRename(workspace.index, doc, params.position) : null;
    }),
  );
  connection.onRenameRequest((params) => {
    const doc = indexed(params.textDocument.uri);
    if (!doc) return null;
    try {
      return rename(workspace.index, doc, params.position, params.newName);
    } catch (err) {
      // A refused rename is the user's answer (e.g. "not a DNS label"), not a server failure.
      if (err instanceof RenameError) throw new ResponseError(LSPErrorCodes.RequestFailed, err.message);
      log(`rename failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return null;
    }
  });
  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'symbols', [], token, () => {
      const doc = parsed(params.textDocument.uri);
      return doc ? service.documentSymbols(doc) : [];
    }),
  );
  connection.onCodeAction((params, token) =>
    runSafe(log, 'code actions', [], token, () => {
      const doc = indexed(params.textDocument.uri);
      if (!doc) return [];
      const only = params.context.only;
      const refactors = !only?.length || only.some((k) => k.startsWith(CodeActionKind.Refactor));
      return [
        ...service.codeActions(doc, params.context.diagnostics),
        ...analysisCodeActions(workspace.index, (uri) => workspace.document(uri), params.context.diagnostics),
        ...(refactors ? hostRefactorings(workspace.index, doc, params.range) : []),
      ];
    }),
  );
  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
