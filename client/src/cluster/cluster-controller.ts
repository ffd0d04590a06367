/**
 * VS Code adapter of the cluster connection: loads the kubeconfig (setting, KUBECONFIG, ~/.kube/config),
 * keeps one {@link ClusterSession} for the selected context, remembers the user's context and namespace
 * choices (Meshwright's own: the kubeconfig files are never rewritten), reloads when the kubeconfig files
 * or the setting change, and publishes the state as context keys for the explorer's welcome views.
 */
import { watch, type FSWatcher } from 'node:fs';
import * as vscode from 'vscode';
import { ClusterSession } from './cluster-session';
import { loadKubeconfig } from './kubeconfig';
import type { ConnectionStatus } from './live-cluster';
import { NAMESPACES } from './resource-types';

const CONTEXT_KEY = 'meshwright.context';
const namespaceKey = (context: string) => `meshwright.namespace/${context}`;

/** Why there is no session. */
export interface ClusterProblem {
  reason: 'missing' | 'invalid' | 'no-context';
  message: string;
}

export class ClusterController implements vscode.Disposable {
  private current: ClusterSession | undefined;
  private problemState: ClusterProblem | undefined;
  private contextNames: string[] = [];
  private files: string[] = [];
  private fileWatchers: FSWatcher[] = [];
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<void> | undefined;
  private readonly sessionEmitter = new vscode.EventEmitter<ClusterSession | undefined>();
  private readonly statusEmitter = new vscode.EventEmitter<ConnectionStatus | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private statusSubscription: { dispose(): void } | undefined;

  /** Fired after the session was replaced (other context, kubeconfig change) or dropped. */
  readonly onDidChangeSession = this.sessionEmitter.event;
  /** Fired when the connection status of the session changes. */
  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.sessionEmitter,
      this.statusEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('meshwright.kubeconfig')) void this.reload();
      }),
    );
  }

  get session(): ClusterSession | undefined {
    return this.current;
  }

  get problem(): ClusterProblem | undefined {
    return this.problemState;
  }

  get contexts(): readonly string[] {
    return this.contextNames;
  }

  get kubeconfigFiles(): readonly string[] {
    return this.files;
  }

  /** The namespace commands default to: the user's pick for this context, else the context's. */
  get namespace(): string | undefined {
    return this.current?.namespace;
  }

  /** (Re)load the kubeconfig and reconnect. Concurrent calls share one load. */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const setting = vscode.workspace.getConfiguration('meshwright').get<string>('kubeconfig') ?? '';
    const contextOverride = this.state.get<string>(CONTEXT_KEY);
    const loaded = await loadKubeconfig(
      { setting: expandHome(setting), env: process.env.KUBECONFIG },
      contextOverride,
      (context) => this.state.get<string>(namespaceKey(context)),
    );
    this.dropSession();
    if (!loaded.ok) {
      this.problemState = { reason: loaded.reason, message: loaded.message };
      this.contextNames = [];
      this.log.warn(loaded.message);
      await this.setStateKey(loaded.reason === 'missing' ? 'noKubeconfig' : 'badKubeconfig');
      this.sessionEmitter.fire(undefined);
      this.statusEmitter.fire(undefined);
      return;
    }
    this.problemState = undefined;
    this.contextNames = loaded.contexts;
    this.watchFiles(loaded.files);
    const session = new ClusterSession({
      kc: loaded.kc,
      context: loaded.context,
      namespace: loaded.namespace,
      onError: (message) => this.log.debug(`[${loaded.context}] ${message}`),
    });
    this.current = session;
    this.statusSubscription = session.cluster.onDidChangeStatus((s) => {
      this.log.info(`[${session.context}] ${s.state}${s.message ? `: ${s.message}` : ''}`);
      this.statusEmitter.fire(s);
    });
    session.start();
    this.log.info(
      `Connecting to context ${loaded.context} (${loaded.files.join(', ')}), namespace ${loaded.namespace}`,
    );
    await this.setStateKey('connected');
    this.sessionEmitter.fire(session);
    this.statusEmitter.fire(session.cluster.status());
  }

  /** Let the user pick a context (kubectl's current one is marked); remembered by Meshwright only. */
  async selectContext(): Promise<void> {
    if (!this.contextNames.length) {
      await this.reload();
      if (!this.contextNames.length) {
        void vscode.window.showWarningMessage(
          this.problemState?.message ?? 'The kubeconfig defines no context.',
        );
        return;
      }
    }
    const pick = await vscode.window.showQuickPick(
      this.contextNames.map((name) => ({
        label: name,
        description: name === this.current?.context ? 'current' : undefined,
      })),
      { title: 'Meshwright: Select Cluster Context', placeHolder: 'Context to work against' },
    );
    if (!pick || pick.label === this.current?.context) return;
    await this.state.update(CONTEXT_KEY, pick.label);
    await this.reload();
  }

  /** Let the user pick the default namespace from the live list, or type one. */
  async selectNamespace(): Promise<void> {
    const session = this.current;
    if (!session) {
      void vscode.window.showWarningMessage(this.problemState?.message ?? 'Not connected to a cluster.');
      return;
    }
    const names = session.cluster
      .objects(NAMESPACES)
      .map((o) => o.metadata.name ?? '')
      .filter(Boolean)
      .sort();
    const quickPick = vscode.window.createQuickPick();
    quickPick.title = `Meshwright: Default Namespace (${session.context})`;
    quickPick.placeholder = 'Namespace for new views, logs and canaries; type to enter one not listed';
    const items = names.map((label) => ({
      label,
      description: label === session.namespace ? 'current' : undefined,
    }));
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
    if (!picked || picked === session.namespace) return;
    await this.state.update(namespaceKey(session.context), picked);
    await this.reload();
  }

  private watchFiles(files: string[]): void {
    if (files.join('\n') === this.files.join('\n')) return;
    for (const w of this.fileWatchers) w.close();
    this.files = files;
    this.fileWatchers = files.flatMap((file) => {
      try {
        return [
          watch(file, () => {
            clearTimeout(this.reloadTimer);
            this.reloadTimer = setTimeout(() => void this.reload(), 500);
          }),
        ];
      } catch {
        return [];
      }
    });
  }

  private dropSession(): void {
    this.statusSubscription?.dispose();
    this.statusSubscription = undefined;
    this.current?.dispose();
    this.current = undefined;
  }

  private async setStateKey(state: 'connected' | 'noKubeconfig' | 'badKubeconfig'): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'meshwright.cluster', state);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const w of this.fileWatchers) w.close();
    this.dropSession();
    for (const d of this.disposables) d.dispose();
  }
}

function expandHome(p: string): string {
  return p.startsWith('~/') ? `${process.env.HOME ?? ''}${p.slice(1)}` : p;
}
