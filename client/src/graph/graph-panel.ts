/**
 * The service-graph panel (vscode side): a webview with a strict CSP showing the graph of the picked
 * namespaces, refreshed on an interval (pausable) from a {@link GraphDataSource}. The webview keeps its
 * own view state (vscode.setState) and is not retained when hidden: it reloads when shown again and gets
 * the last graph at once. The serializer restores the panel after a window reload.
 */
import * as vscode from 'vscode';
import type { ServiceGraph, WorkspaceFileRef } from './graph-types';
import { workspaceFilesOf } from './workspace-objects';
import { graphPanelHtml } from './graph-panel-html';
import {
  namespacesLabel,
  normalizeNamespaces,
  parseSettings,
  parseWebviewMessage,
  queryNamespaces,
  type HostMessage,
  type PanelSettings,
  type WebviewMessage,
} from './webview-protocol';

/** Where graphs come from (the data model's GraphSource has this shape). */
export interface GraphDataSource {
  refresh(opts: { namespaces: string[]; window: string; signal?: AbortSignal }): Promise<ServiceGraph>;
}

/** What a panel needs from the extension. */
export interface GraphPanelHost {
  extensionUri: vscode.Uri;
  /** the source for the current cluster session (undefined when not connected) */
  source(): GraphDataSource | undefined;
  /** namespaces of the cluster, for the picker */
  namespaces(): string[];
  /** kubeconfig context shown in the title */
  context(): string | undefined;
  log: vscode.LogOutputChannel;
  /** keep the settings of the panel (workspace state): the fallback when a revived webview has none */
  remember(settings: PanelSettings): void;
  recall(): PanelSettings | undefined;
}

export const GRAPH_VIEW_TYPE = 'meshwright.graph';

export class GraphPanel implements vscode.Disposable {
  private settings: PanelSettings;
  private ready = false;
  private loading = false;
  private graph: ServiceGraph | undefined;
  private graphAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fired once the panel was closed. */
  readonly onDidDispose = this.disposeEmitter.event;
  /** Render statistics the webview reported last (tests read them). */
  lastRender: Extract<WebviewMessage, { type: 'rendered' }>['stats'] | undefined;

  /** Open a new panel beside the active editor. */
  static create(host: GraphPanelHost, settings: PanelSettings): GraphPanel {
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      'Service Graph',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      GraphPanel.webviewOptions(host.extensionUri),
    );
    return new GraphPanel(panel, host, settings);
  }

  /** Restore a panel VS Code kept across a reload; `state` is the webview's saved state. */
  static revive(panel: vscode.WebviewPanel, host: GraphPanelHost, state: unknown): GraphPanel {
    panel.webview.options = GraphPanel.webviewOptions(host.extensionUri);
    const saved =
      typeof state === 'object' && state !== null ? (state as { settings?: unknown }).settings : undefined;
    // VS Code may not have flushed the webview's state before a reload: fall back to the remembered one.
    return new GraphPanel(
      panel,
      host,
      saved ? parseSettings(saved) : (host.recall() ?? parseSettings(undefined)),
    );
  }

  private static webviewOptions(
    extensionUri: vscode.Uri,
  ): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: GraphPanelHost,
    settings: PanelSettings,
  ) {
    this.settings = settings;
    host.remember(settings);
    this.panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'activity-bar.svg');
    this.updateTitle();
    this.disposables.push(
      this.disposeEmitter,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden: the webview is gone (not retained); stop polling until it says ready again.
        if (!panel.visible) {
          this.ready = false;
          this.stopTimer();
        }
      }),
    );
    panel.webview.html = graphPanelHtml(panel.webview, host.extensionUri);
  }

  get namespaces(): readonly string[] {
    return this.settings.namespaces;
  }

  /** Show these namespaces (and bring the panel to the front). */
  showNamespaces(namespaces: string[]): void {
    this.panel.reveal();
    this.update({ namespaces: normalizeNamespaces(namespaces) });
  }

  /** The cluster session changed: drop the graph and query the new source. */
  sessionChanged(): void {
    this.graph = undefined;
    this.postState();
    if (this.ready) void this.refresh();
  }

  /** The config the overlay reads changed (a workspace file was edited): show it unless paused. */
  configChanged(): void {
    if (this.ready && !this.settings.paused) void this.refresh();
  }

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.host.log.warn(
        `Service graph: ignored a malformed webview message ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postState();
        if (this.graph) this.post({ type: 'graph', graph: this.graph });
        if (!this.graph || Date.now() - this.graphAt >= this.settings.refreshMs) void this.refresh();
        else this.schedule();
        return;
      case 'setNamespace':
        return this.update({ namespaces: message.namespaces });
      case 'setWindow':
        return this.update({ window: message.window });
      case 'setRefresh':
        return this.update({ refreshMs: message.refreshMs }, false);
      case 'pause':
        return this.update({ paused: message.paused }, !message.paused);
      case 'refresh':
        void this.refresh();
        return;
      case 'action':
        if (message.command === 'meshwright.resource.openRef' && message.args.file)
          return void this.openFile(message.args.file);
        void vscode.commands.executeCommand(message.command, message.args).then(undefined, (err: unknown) => {
          this.host.log.error(`Service graph: ${message.command} failed`, err);
          void vscode.window.showErrorMessage(`Meshwright: ${message.command} failed: ${String(err)}`);
        });
        return;
      case 'rendered':
        this.lastRender = message.stats;
        this.host.log.debug(
          `Service graph rendered ${message.stats.nodes} nodes, ${message.stats.edges} edges in ${message.stats.totalMs} ms (layout ${message.stats.layoutMs} ms)`,
        );
        return;
    }
  }

  /** Change settings; `refetch`: query now (else only reschedule). */
  private update(change: Partial<PanelSettings>, refetch = true): void {
    const before = this.settings;
    this.settings = { ...before, ...change };
    this.host.remember(this.settings);
    if (change.namespaces && change.namespaces.join() !== before.namespaces.join()) this.graph = undefined;
    this.updateTitle();
    this.postState();
    if (refetch) void this.refresh();
    else this.schedule();
  }

  /** Query the source now (cancelling a running query), then schedule the next refresh. */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    this.stopTimer();
    this.inFlight?.abort();
    const source = this.host.source();
    if (!source || this.settings.namespaces.length === 0) {
      this.post({
        type: 'notice',
        level: 'info',
        message: source
          ? 'Pick namespaces (or all) to show their service graph.'
          : 'Not connected to a cluster.',
      });
      return;
    }
    const controller = new AbortController();
    this.inFlight = controller;
    this.loading = true;
    this.postState();
    try {
      const graph = await source.refresh({
        namespaces: queryNamespaces(this.settings.namespaces),
        window: this.settings.window,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      this.graph = graph;
      this.graphAt = Date.now();
      this.post({ type: 'notice', level: 'info', message: '' });
      this.post({ type: 'graph', graph });
    } catch (err) {
      if (controller.signal.aborted) return;
      this.host.log.error('Service graph: refresh failed', err);
      this.post({
        type: 'notice',
        level: 'error',
        message: `Refresh failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      if (this.inFlight === controller) {
        this.inFlight = undefined;
        this.loading = false;
        this.postState();
        this.schedule();
      }
    }
  }

  /** "Open YAML" of an object from a workspace file: that file, at the document (only files the graph names). */
  private async openFile(file: WorkspaceFileRef): Promise<void> {
    if (!this.graph || !workspaceFilesOf(this.graph).has(file.uri)) {
      this.host.log.warn(`Service graph: not opening ${file.uri}, which the graph does not name`);
      return;
    }
    try {
      const at = new vscode.Position(file.line, 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(file.uri), {
        viewColumn: vscode.ViewColumn.Beside,
        selection: new vscode.Range(at, at),
      });
    } catch (err) {
      this.host.log.error(`Service graph: cannot open ${file.path}`, err);
      void vscode.window.showErrorMessage(`Meshwright: cannot open ${file.path}: ${String(err)}`);
    }
  }

  private schedule(): void {
    this.stopTimer();
    if (this.disposed || this.settings.paused || !this.ready || this.inFlight) return;
    this.timer = setTimeout(() => void this.refresh(), this.settings.refreshMs);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private postState(): void {
    this.post({
      type: 'state',
      settings: this.settings,
      availableNamespaces: this.host.namespaces(),
      loading: this.loading,
      context: this.host.context(),
    });
  }

  private post(message: HostMessage): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const ns = this.settings.namespaces;
    this.panel.title = ns.length ? `Service Graph: ${namespacesLabel(ns, 3)}` : 'Service Graph';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopTimer();
    this.inFlight?.abort();
    this.disposeEmitter.fire();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
