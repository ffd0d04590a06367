// The cluster side of Meshwright inside a real VS Code: the run starts the API emulator (bookinfo seed)
// and points KUBECONFIG at it; the extension connects, the explorer shows the seeded namespaces and a
// resource opens as read-only YAML.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { MeshwrightApi } from '../../../client/src/extension';
import type { NodeHandle } from '../../../client/src/explorer/tree-view';
import { fixtureUri } from './fixture';
import { poll } from './poll';

const EXTENSION_ID = 'meshwright.meshwright';

async function api(): Promise<MeshwrightApi> {
  const extension = vscode.extensions.getExtension<MeshwrightApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} should be installed`);
  return extension.activate();
}

async function children(provider: MeshwrightApi['explorer'], parent?: NodeHandle): Promise<NodeHandle[]> {
  return (await provider.getChildren(parent)) ?? [];
}

const byLabel = async (provider: MeshwrightApi['explorer'], parent: NodeHandle | undefined, label: string) =>
  (await children(provider, parent)).find((h) => h.node.label === label);

export function registerClusterTests(): void {
  describe('Meshwright cluster explorer in a real VS Code', () => {
    it('connects to the kubeconfig current context (the emulator)', async () => {
      const { cluster } = await api();
      const status = await poll('a connected session', () =>
        cluster.session?.cluster.status().state === 'connected'
          ? cluster.session.cluster.status()
          : undefined,
      );
      assert.deepEqual(status.forbiddenKinds, []);
      assert.equal(cluster.session?.namespace, 'default');
    });

    it('shows the seeded namespaces with their sidecar injection, workloads and Istio config', async () => {
      const { explorer } = await api();
      await vscode.commands.executeCommand('workbench.view.extension.meshwright');
      const [root] = await children(explorer);
      assert.ok(root, 'the explorer has a context node');
      const names = await poll('bookinfo and istio-system', async () => {
        const labels = (await children(explorer, root)).map((h) => h.node.label);
        return labels.includes('bookinfo') && labels.includes('istio-system') ? labels : undefined;
      });
      assert.ok(names.includes('default'), names.join());
      const bookinfo = (await byLabel(explorer, root, 'bookinfo'))!;
      assert.match(bookinfo.node.description, /istio-injection|injection/i);
      const istio = await byLabel(explorer, bookinfo, 'Istio config');
      const vs = await poll('VirtualServices in bookinfo', async () => {
        const group = istio && (await byLabel(explorer, istio, 'VirtualServices'));
        return group && (await children(explorer, group)).length ? group : undefined;
      });
      const item = explorer.getTreeItem((await children(explorer, vs))[0]!);
      assert.equal(item.contextValue, 'meshwright.resource.virtualservice');
    });

    it('analyzes workspace files against the live cluster (its Gateway counts, IST0101 only for the missing one)', async () => {
      const uri = fixtureUri('cluster-routes.yaml');
      const findings = await poll('one IST0101 on cluster-routes.yaml', () => {
        const found = vscode.languages
          .getDiagnostics(uri)
          .filter((d) => d.source === 'meshwright' && d.code === 'IST0101');
        return found.length === 1 ? found : undefined;
      });
      assert.match(findings[0]!.message, /edge-gateway/);
    });

    it('opens a live resource as read-only YAML', async () => {
      const { explorer } = await api();
      const [root] = await children(explorer);
      const bookinfo = (await byLabel(explorer, root, 'bookinfo'))!;
      const services = (await byLabel(explorer, bookinfo, 'Services'))!;
      const reviews = (await byLabel(explorer, services, 'reviews'))!;
      await vscode.commands.executeCommand('meshwright.resource.open', reviews);
      const editor = await poll('the YAML editor', () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'meshwright-live'
          ? vscode.window.activeTextEditor
          : undefined,
      );
      const text = editor.document.getText();
      assert.match(text, /^kind: Service$/m);
      assert.match(text, /^ {2}name: reviews$/m);
      assert.doesNotMatch(text, /managedFields/);
      assert.equal(editor.document.languageId, 'yaml');
    });
  });
}
