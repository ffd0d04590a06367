/** "Reveal Related": pick one of the objects related to the selected one and reveal it in the tree. */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import { explorerSnapshot } from './live-tree';
import { relatedResources } from './related';
import type { ExplorerTreeProvider, NodeHandle } from './tree-view';

export function registerRevealRelated(
  controller: ClusterController,
  provider: ExplorerTreeProvider,
  view: vscode.TreeView<NodeHandle>,
): vscode.Disposable {
  return vscode.commands.registerCommand('meshwright.resource.revealRelated', async (h?: NodeHandle) => {
    const session = controller.session;
    const ref = h?.node.resource;
    if (!session || !ref) return;
    const related = relatedResources(explorerSnapshot(session.cluster), ref);
    if (!related.length) {
      void vscode.window.showInformationMessage(`Nothing in the cluster relates to ${ref.kind} ${ref.name}.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(
      related.map((r) => ({
        label: `${r.ref.kind} ${r.ref.name}`,
        description: r.ref.namespace,
        detail: r.reason,
        related: r,
      })),
      { title: `Related to ${ref.kind} ${ref.name}`, matchOnDescription: true, matchOnDetail: true },
    );
    if (!pick) return;
    const handle = provider.handleForResource(pick.related.ref);
    if (handle) await view.reveal(handle, { select: true, focus: true, expand: false });
  });
}
