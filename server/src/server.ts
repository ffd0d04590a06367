/**
 * LSP wiring: documents in, service results out. Nothing mesh-specific lives here; it all sits in the
 * pure service (server/src/service).
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from './document-cache';
import { runSafe } from './run-safe';
import type { MeshLanguageService } from './service/language-service';
import { ValidationScheduler } from './validation-scheduler';

export interface ServerOptions {
  /** Milliseconds of quiet before a changed document is validated. */
  validationDelayMs?: number;
}

export function startServer(
  connection: Connection,
  service: MeshLanguageService,
  options: ServerOptions = {},
): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache(service);
  const log = (message: string) => connection.console.error(message);
  const parsed = (uri: string) => {
    const document = documents.get(uri);
    return document ? cache.get(uri, document.version, () => document.getText()) : undefined;
  };

  const published = new Map<string, number>();
  const validate = (uri: string) => {
    const doc = parsed(uri);
    if (!doc) return;
    const diagnostics = runSafe(log, 'validation', [], undefined, () => service.validate(doc));
    published.set(uri, doc.file.version);
    void connection.sendDiagnostics({ uri, version: doc.file.version, diagnostics });
  };
  const scheduler = new ValidationScheduler(() => options.validationDelayMs ?? 150, validate);

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'meshwright', version: process.env.MESHWRIGHT_VERSION ?? 'dev' },
  }));

  // The first version of a document is validated at once; later edits after a pause.
  documents.onDidOpen((e) => validate(e.document.uri));
  documents.onDidChangeContent((e) => {
    if (published.get(e.document.uri) !== e.document.version) scheduler.schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    cache.delete(e.document.uri);
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', null, token, () => {
      const doc = parsed(params.textDocument.uri);
      return doc ? service.complete(doc, params.position) : null;
    }),
  );
  connection.onHover((params, token) =>
    runSafe(log, 'hover', null, token, () => {
      const doc = parsed(params.textDocument.uri);
      return doc ? service.hover(doc, params.position) : null;
    }),
  );
  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'symbols', [], token, () => {
      const doc = parsed(params.textDocument.uri);
      return doc ? service.documentSymbols(doc) : [];
    }),
  );
  connection.onCodeAction((params, token) =>
    runSafe(log, 'code actions', [], token, () => {
      const doc = parsed(params.textDocument.uri);
      return doc ? service.codeActions(doc, params.context.diagnostics) : [];
    }),
  );
  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
