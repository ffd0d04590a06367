/** Palette and view-title commands of the cluster connection. */
import * as vscode from 'vscode';
import type { ClusterController } from './cluster-controller';

export function registerClusterCommands(
  controller: ClusterController,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('meshwright.cluster.selectContext', () => controller.selectContext()),
    vscode.commands.registerCommand('meshwright.cluster.selectNamespace', () => controller.selectNamespace()),
    vscode.commands.registerCommand('meshwright.cluster.reconnect', () => controller.reload()),
    vscode.commands.registerCommand('meshwright.cluster.showLog', () => log.show()),
    vscode.commands.registerCommand('meshwright.cluster.selectKubeconfig', async () => {
      const picked = await vscode.window.showOpenDialog({
        title: 'Meshwright: Select Kubeconfig File',
        canSelectMany: false,
        openLabel: 'Use Kubeconfig',
      });
      if (!picked?.[0]) return;
      await vscode.workspace
        .getConfiguration('meshwright')
        .update('kubeconfig', picked[0].fsPath, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('meshwright.cluster.actions', async () => {
      const items: (vscode.QuickPickItem & { command: string })[] = [
        {
          label: '$(server-environment) Select Cluster Context',
          command: 'meshwright.cluster.selectContext',
        },
        {
          label: '$(symbol-namespace) Select Default Namespace',
          command: 'meshwright.cluster.selectNamespace',
        },
        { label: '$(refresh) Reconnect', command: 'meshwright.cluster.reconnect' },
        { label: '$(file) Select Kubeconfig File', command: 'meshwright.cluster.selectKubeconfig' },
        { label: '$(output) Show Log', command: 'meshwright.cluster.showLog' },
      ];
      const session = controller.session;
      const pick = await vscode.window.showQuickPick(items, {
        title: session ? `Meshwright: ${session.context} · ${session.namespace}` : 'Meshwright: no cluster',
      });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
  ];
}
