// Aggregated pod logs inside a real VS Code: `meshwright.logs.tailResource` on the reviews Service of the
// emulator's bookinfo seed opens a tail terminal, and lines from its three pods (reviews-v1/v2/v3, the
// emulator's default generator) arrive through the extension's logs API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { MeshwrightApi } from '../../../client/src/extension';
import { poll } from './poll';

const EXTENSION_ID = 'meshwright.meshwright';

export function registerLogsTests(): void {
  describe('Meshwright aggregated logs in a real VS Code', () => {
    it('tails the three pods of a service into one terminal', async () => {
      const extension = vscode.extensions.getExtension<MeshwrightApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} should be installed`);
      const api = await extension.activate();
      assert.ok(api.logs, 'the extension exports its logs API');
      await poll('a connected session', () =>
        api.cluster.session?.cluster.status().state === 'connected' ? true : undefined,
      );
      const before = vscode.window.terminals.length;
      await vscode.commands.executeCommand('meshwright.logs.tailResource', {
        node: { resource: { apiVersion: 'v1', kind: 'Service', namespace: 'bookinfo', name: 'reviews' } },
      });
      const tail = await poll('a running tail', () => api.logs.tails()[0]);
      assert.equal(vscode.window.terminals.length, before + 1);
      const pods = await poll('lines from three pods', () => {
        const seen = new Set(
          tail
            .records()
            .filter((r) => r.kind === 'line')
            .map((r) => r.stream.pod),
        );
        return seen.size >= 3 ? [...seen].sort() : undefined;
      });
      assert.deepEqual(
        pods.map((p) => p.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')),
        ['reviews-v1', 'reviews-v2', 'reviews-v3'],
      );
      await vscode.commands.executeCommand('meshwright.logs.stopAll');
      assert.equal(tail.isStopped, true);
    });
  });
}
