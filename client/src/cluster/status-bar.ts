/**
 * The status bar item: `context · namespace` with the connection state as icon and colour, a tooltip that
 * says what is wrong and what to do, and a click that offers the cluster commands.
 */
import * as vscode from 'vscode';
import type { ClusterController } from './cluster-controller';
import type { ConnectionStatus } from './live-cluster';

interface Look {
  icon: string;
  text: string;
  advice: string;
  background?: string;
}

/** Icon, wording and advice per state (pure, exported for tests). */
export function statusLook(status: ConnectionStatus | undefined, problem: string | undefined): Look {
  if (!status) {
    return {
      icon: '$(circle-slash)',
      text: 'no cluster',
      advice: problem ?? 'No kubeconfig.',
      background: 'statusBarItem.warningBackground',
    };
  }
  switch (status.state) {
    case 'connecting':
      return { icon: '$(sync~spin)', text: 'connecting', advice: 'Listing resources…' };
    case 'connected':
      return status.forbiddenKinds.length
        ? {
            icon: '$(vm-active)',
            text: 'connected',
            advice: `No access to ${status.forbiddenKinds.join(', ')} (403): those are shown as "no access"; everything else works.`,
          }
        : { icon: '$(vm-active)', text: 'connected', advice: 'Watching the cluster.' };
    case 'reconnecting':
      return {
        icon: '$(sync~spin)',
        text: 'reconnecting',
        advice: 'The connection dropped; retrying with backoff. The explorer shows the last known state.',
      };
    case 'unreachable':
      return {
        icon: '$(debug-disconnect)',
        text: 'unreachable',
        advice:
          'The API server refuses connections. Is the cluster running (kind/minikube started, VPN up)? Retrying with backoff.',
        background: 'statusBarItem.errorBackground',
      };
    case 'unauthorized':
      return {
        icon: '$(key)',
        text: 'unauthorized',
        advice:
          'The API server rejected the credentials (401): they are missing, invalid or expired. Log in again (e.g. your cloud CLI refreshes the kubeconfig token), then Reconnect.',
        background: 'statusBarItem.errorBackground',
      };
    case 'forbidden':
      return {
        icon: '$(lock)',
        text: 'forbidden',
        advice:
          'Your account may not list any watched resource (403). Ask for read (get/list/watch) RBAC access.',
        background: 'statusBarItem.warningBackground',
      };
  }
}

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'meshwright.cluster',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly controller: ClusterController) {
    this.item.name = 'Meshwright Cluster';
    this.item.command = 'meshwright.cluster.actions';
    this.subscriptions = [
      controller.onDidChangeStatus(() => this.render()),
      controller.onDidChangeSession(() => this.render()),
    ];
    this.render();
    this.item.show();
  }

  private render(): void {
    const session = this.controller.session;
    const status = session?.cluster.status();
    const look = statusLook(status, this.controller.problem?.message);
    this.item.text = session
      ? `${look.icon} ${session.context} · ${session.namespace}`
      : `${look.icon} Meshwright: ${look.text}`;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = {
      enabledCommands: [
        'meshwright.cluster.selectContext',
        'meshwright.cluster.selectNamespace',
        'meshwright.cluster.reconnect',
        'meshwright.cluster.showLog',
      ],
    };
    if (session) {
      md.appendMarkdown(
        `**Cluster** \`${session.context}\` — ${look.text}\n\nDefault namespace: \`${session.namespace}\`\n\n`,
      );
    } else {
      md.appendMarkdown(`**Cluster** — ${look.text}\n\n`);
    }
    md.appendText(look.advice);
    if (status?.message) md.appendMarkdown('\n\n').appendText(`Server: ${status.message}`);
    md.appendMarkdown(
      '\n\n[Switch context](command:meshwright.cluster.selectContext) · [Namespace](command:meshwright.cluster.selectNamespace) · [Reconnect](command:meshwright.cluster.reconnect) · [Log](command:meshwright.cluster.showLog)',
    );
    this.item.tooltip = md;
    this.item.accessibilityInformation = {
      label: `Meshwright cluster ${session?.context ?? ''} ${look.text}`,
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
