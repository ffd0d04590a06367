/**
 * `meshwright.graph.show` (command palette and the explorer's namespace context menu) and the webview
 * serializer that restores the service-graph panel after a reload. One panel: showing other namespaces
 * reuses it. The graph's source reads the session's watch caches and the workspace's mesh YAML
 * (workspace-mesh-files.ts; routing config from a file wins, see mesh-objects.ts
 * `overlayWorkspaceObjects`); with no cluster at all it shows the workspace files' config alone.
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { ClusterSession } from '../cluster/cluster-session';
import { NAMESPACES } from '../cluster/resource-types';
import { GRAPH_VIEW_TYPE, GraphPanel, type GraphDataSource, type GraphPanelHost } from './graph-panel';
import { GraphSource } from './graph-source';
import { liveMeshObjects, overlayWorkspaceObjects } from './mesh-objects';
import type { PrometheusClient } from './prometheus-client';
import {
  ALL_NAMESPACES,
  DEFAULT_SETTINGS,
  normalizeNamespaces,
  parseSettings,
  type PanelSettings,
} from './webview-protocol';
import { WorkspaceMeshFiles } from './workspace-mesh-files';

export const SHOW_GRAPH_COMMAND = 'meshwright.graph.show';
const SETTINGS_KEY = 'meshwright.graph.settings';

/** The Prometheus of a session (or of the settings alone without one), or why there is none. */
export type PrometheusLookup = (session: ClusterSession | undefined) => {
  client?: PrometheusClient;
  reason?: string;
};

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
  prometheus: PrometheusLookup,
): GraphApi {
  const log = vscode.window.createOutputChannel('Meshwright Graph', { log: true });
  const files = new WorkspaceMeshFiles(log);
  let source: GraphDataSource | undefined;
  let panel: GraphPanel | undefined;
  const makeSource = (): GraphDataSource => {
    void files.start();
    const session = controller.session;
    const found = prometheus(session);
    return new GraphSource({
      prometheus: found.client,
      unconfiguredReason: found.reason ?? (session ? undefined : 'Not connected to a cluster'),
      objects: session
        ? async () => overlayWorkspaceObjects(liveMeshObjects(session.cluster), await files.objects())
        : () => files.objects(),
    });
  };
  const namespaces = () =>
    [
      ...new Set([
        ...(controller.session?.cluster.objects(NAMESPACES) ?? []).map((o) => o.metadata.name ?? ''),
        ...files.namespaces(),
      ]),
    ]
      .filter(Boolean)
      .sort();
  const host: GraphPanelHost = {
    extensionUri: context.extensionUri,
    source: () => (source ??= makeSource()),
    namespaces,
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
    return adopt(
      GraphPanel.create(host, { ...DEFAULT_SETTINGS, namespaces: normalizeNamespaces(namespaces) }),
    );
  };

  context.subscriptions.push(
    log,
    files,
    { dispose: () => panel?.dispose() },
    controller.onDidChangeSession(() => {
      source = undefined;
      panel?.sessionChanged();
    }),
    files.onDidChange(() => panel?.configChanged()),
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, async (arg?: unknown) => {
      const namespace = namespaceOfArgument(arg);
      // the picker lists the workspace files' namespaces too: wait a little for the first scan
      if (!namespace) await Promise.race([files.start(), new Promise((r) => setTimeout(r, 1000))]);
      const picked = namespace
        ? [namespace]
        : await pickNamespaces(controller, namespaces(), panel?.namespaces ?? host.recall()?.namespaces);
      if (picked?.length) show(picked);
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

const ALL_LABEL = 'All namespaces';

/**
 * Quick pick of the namespaces (several may be checked, or "All namespaces"; the ones shown now are
 * checked); a name not listed may be typed. Enter with nothing checked takes the highlighted row, else
 * the typed name. Undefined when cancelled.
 */
async function pickNamespaces(
  controller: ClusterController,
  names: string[],
  shown: readonly string[] = [],
): Promise<string[] | undefined> {
  const current = controller.namespace;
  const ordered =
    current && names.includes(current) ? [current, ...names.filter((n) => n !== current)] : names;
  const all: vscode.QuickPickItem = { label: ALL_LABEL, iconPath: new vscode.ThemeIcon('globe') };
  const items: vscode.QuickPickItem[] = [
    all,
    ...ordered.map((label) => ({
      label,
      description: label === current ? 'default namespace' : undefined,
    })),
  ];
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = 'Meshwright: Show Service Graph';
  quickPick.canSelectMany = true;
  quickPick.placeholder = controller.session
    ? 'Namespaces to show (check several, or all); type to enter one not listed'
    : 'Not connected to a cluster: namespaces of the workspace files; type to enter one';
  quickPick.items = items;
  quickPick.selectedItems = shown.includes(ALL_NAMESPACES)
    ? [all]
    : items.filter((i) => shown.includes(i.label));
  quickPick.onDidChangeValue((v) => {
    const keep = quickPick.selectedItems;
    const typedBefore = keep.filter((i) => !items.includes(i)); // names typed and checked earlier
    const known = [...names, ...typedBefore.map((i) => i.label), ALL_LABEL];
    const typed = v && !known.includes(v) ? [{ label: v, description: 'not listed' }] : [];
    quickPick.items = [...typed, ...typedBefore, ...items];
    quickPick.selectedItems = keep;
  });
  const picked = await new Promise<readonly vscode.QuickPickItem[] | string | undefined>((resolve) => {
    quickPick.onDidAccept(() =>
      resolve(
        quickPick.selectedItems.length
          ? quickPick.selectedItems
          : quickPick.activeItems.length
            ? quickPick.activeItems.slice(0, 1)
            : quickPick.value.trim(),
      ),
    );
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (picked === undefined) return undefined;
  if (typeof picked === 'string') return picked ? [picked] : undefined;
  return picked.includes(all) ? [ALL_NAMESPACES] : normalizeNamespaces(picked.map((i) => i.label));
}
