/** Starts the Meshwright language server for YAML files and keeps it running with the extension. */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../../protocol/src/custom-messages';

/** The server settings from the `meshwright` configuration section. */
export function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration('meshwright');
  return {
    defaultNamespace: config.get<string>('defaultNamespace') || DEFAULT_SERVER_SETTINGS.defaultNamespace,
    analyzeWorkspace: config.get<boolean>('analyzeWorkspace') ?? DEFAULT_SERVER_SETTINGS.analyzeWorkspace,
  };
}

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: log,
    diagnosticCollectionName: 'meshwright',
    initializationOptions: serverSettings(),
    synchronize: { fileEvents: watcher },
  };
  const client = new LanguageClient('meshwright', 'Meshwright Language Server', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('meshwright')) return;
      void client.sendNotification('workspace/didChangeConfiguration', {
        settings: { meshwright: serverSettings() },
      });
    }),
  );
  return client;
}
