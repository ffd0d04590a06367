/** Extension entry: wires capabilities together; each lives in its own folder. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CanaryCodeLens } from './canary/canary-codelens';
import { CanaryCommands } from './canary/canary-commands';
import { instantQuery } from './canary/canary-metrics';
import { registerClusterCommands } from './cluster/cluster-commands';
import { ClusterController } from './cluster/cluster-controller';
import { prometheusFor } from './cluster/prometheus-settings';
import { ServerSync } from './cluster/server-sync';
import { ClusterStatusBar } from './cluster/status-bar';
import { LIVE_SCHEME, LiveDocumentProvider } from './explorer/live-documents';
import { ResourceCommands } from './explorer/resource-commands';
import { registerGraph, type GraphApi } from './graph/graph-commands';
import { registerRevealRelated } from './explorer/reveal-related';
import { ExplorerTreeProvider } from './explorer/tree-view';
import { startLanguageClient } from './language/start-client';
import { registerLogs, type LogsApi } from './logs/logs-commands';

let client: LanguageClient | undefined;

/** What tests in a real VS Code reach through the extension's exports. */
export interface MeshwrightApi {
  cluster: ClusterController;
  explorer: ExplorerTreeProvider;
  logs: LogsApi;
  graph: GraphApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<MeshwrightApi> {
  const log = vscode.window.createOutputChannel('Meshwright', { log: true });
  context.subscriptions.push(log);

  const cluster = new ClusterController(context.globalState, log);
  const explorer = new ExplorerTreeProvider(cluster);
  const live = new LiveDocumentProvider(cluster);
  const canaryLens = new CanaryCodeLens(cluster);
  const view = vscode.window.createTreeView('meshwright.explorer', {
    treeDataProvider: explorer,
    showCollapseAll: true,
  });
  context.subscriptions.push(
    cluster,
    explorer,
    live,
    view,
    new ClusterStatusBar(cluster),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    ...registerClusterCommands(cluster, log),
    ...new ResourceCommands(cluster, context.globalStorageUri, log).register(),
    registerRevealRelated(cluster, explorer, view),
    ...new CanaryCommands(
      cluster,
      (session) => {
        const found = prometheusFor(session);
        return found.client && instantQuery(found.client);
      },
      log,
    ).register(),
    canaryLens,
    vscode.languages.registerCodeLensProvider({ language: 'yaml', scheme: 'file' }, canaryLens),
  );
  const graph = registerGraph(context, cluster, prometheusFor);
  const logs = registerLogs(cluster, context);
  context.subscriptions.push(...logs.disposables);
  void cluster.reload();

  try {
    client = await startLanguageClient(context, log);
    context.subscriptions.push(new ServerSync(client, cluster));
  } catch (err) {
    log.error('Language server failed to start', err);
    const choice = await vscode.window.showErrorMessage(
      'Meshwright: the language server failed to start.',
      'Show Log',
    );
    if (choice === 'Show Log') log.show();
  }
  return { cluster, explorer, logs: logs.api, graph };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
