/**
 * `meshwright.graph.show` (command palette and the explorer's namespace context menu) and the webview
 * serializer that restores the service-graph panel after a reload. One panel: showing another namespace
 * reuses it.
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import { NAMESPACES } from '../cluster/resource-types';
import { GRAPH_VIEW_TYPE, GraphPanel, type GraphDataSource, type GraphPanelHost } from './graph-panel';
import { DEFAULT_SETTINGS, parseSettings, type PanelSettings } from './webview-protocol';

export const SHOW_GRAPH_COMMAND = 'meshwright.graph.show';
const SETTINGS_KEY = 'meshwright.graph.settings';

/** Makes the data source of the controller's current session (undefined when not connected). */
export type GraphSourceFactory = (controller: ClusterController) => GraphDataSource | undefined;

/** What tests reach: the open panel. */
export interface GraphApi {
  readonly panel: GraphPanel | undefined;
  show(namespaces: string[]): GraphPanel;
}

/** The namespace a command argument names: an explorer node of a Namespace, or a plain string. */
export function namespaceOfArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  const resource = (arg as { node?: { resource?: { kind?: unknown; name?: unknown } } } | undefined)?.node
    ?.resource;
  return resource?.kind === 'Namespace' && typeof resource.name === 'string' ? resource.name : undefined;
}

export function registerGraph(
  context: vscode.ExtensionContext,
  controller: ClusterController,
  sourceFactory: GraphSourceFactory,
): GraphApi {
  const log = vscode.window.createOutputChannel('Meshwright Graph', { log: true });
  let source: GraphDataSource | undefined;
  let sourceMade = false;
  let panel: GraphPanel | undefined;
  const clusterNamespaces = () =>
    (controller.session?.cluster.objects(NAMESPACES) ?? [])
      .map((o) => o.metadata.name ?? '')
      .filter(Boolean)
      .sort();
  const host: GraphPanelHost = {
    extensionUri: context.extensionUri,
    source: () => {
      if (!sourceMade) {
        source = sourceFactory(controller);
        sourceMade = true;
      }
      return source;
    },
    namespaces: clusterNamespaces,
    context: () => controller.session?.context,
    log,
    remember: (settings: PanelSettings) => void context.workspaceState.update(SETTINGS_KEY, settings),
    recall: () => {
      const saved = context.workspaceState.get<unknown>(SETTINGS_KEY);
      return saved === undefined ? undefined : parseSettings(saved);
    },
  };
  const adopt = (p: GraphPanel) => {
    panel?.dispose();
    panel = p;
    p.onDidDispose(() => {
      if (panel === p) panel = undefined;
    });
    return p;
  };
  const show = (namespaces: string[]): GraphPanel => {
    if (panel) {
      panel.showNamespaces(namespaces);
      return panel;
    }
    return adopt(GraphPanel.create(host, { ...DEFAULT_SETTINGS, namespaces }));
  };

  context.subscriptions.push(
    log,
    { dispose: () => panel?.dispose() },
    controller.onDidChangeSession(() => {
      sourceMade = false;
      source = undefined;
      panel?.sessionChanged();
    }),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, async (arg?: unknown) => {
      const namespace = namespaceOfArgument(arg) ?? (await pickNamespace(controller, clusterNamespaces()));
      if (namespace) show([namespace]);
    }),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => {
        adopt(GraphPanel.revive(webviewPanel, host, state));
      },
    }),
  );
  return {
    get panel() {
      return panel;
    },
    show,
  };
}

/** Quick pick of the cluster's namespaces (the default namespace first); a name not listed may be typed. */
async function pickNamespace(controller: ClusterController, names: string[]): Promise<string | undefined> {
  const current = controller.namespace;
  const ordered =
    current && names.includes(current) ? [current, ...names.filter((n) => n !== current)] : names;
  const items: vscode.QuickPickItem[] = ordered.map((label) => ({
    label,
    description: label === current ? 'default namespace' : undefined,
  }));
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = 'Meshwright: Show Service Graph';
  quickPick.placeholder = controller.session
    ? 'Namespace to show; type to enter one not listed'
    : 'Not connected to a cluster: type a namespace';
  quickPick.items = items;
  quickPick.onDidChangeValue((v) => {
    quickPick.items = v && !names.includes(v) ? [{ label: v, description: 'not listed' }, ...items] : items;
  });
  const picked = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.label));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return picked;
}
