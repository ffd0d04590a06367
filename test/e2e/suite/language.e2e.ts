// Meshwright inside a real VS Code extension host: activation, diagnostics, completion, hover.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { completionPosition, fixtureUri, keyPosition } from './fixture';
import { poll, sleep } from './poll';

const EXTENSION_ID = 'meshwright.meshwright';
const SOURCE = 'meshwright';
/** How long "no diagnostics" must hold once the server is known to be up. */
const QUIET_PERIOD_MS = 3_000;

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`));
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'yaml', `${name} should open as YAML`);
  return document;
}

export function registerLanguageTests(): void {
  describe('Meshwright in a real VS Code', () => {
    let virtualService: vscode.TextDocument;

    it(`has the extension ${EXTENSION_ID}`, () => {
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} should be installed`);
    });

    it('activates when a YAML file is opened', async () => {
      virtualService = await open('virtual-service.yaml');
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      await poll('the extension to activate', () => (extension?.isActive ? true : undefined));
    });

    it('reports the unknown field hostz with source meshwright', async () => {
      const found = await poll('a meshwright diagnostic about hostz', () =>
        ourDiagnostics(virtualService.uri).find((diagnostic) => diagnostic.message.includes('hostz')),
      );
      assert.match(found.message, /unknown field/i);
      assert.equal(virtualService.getText(found.range), 'hostz');
    });

    it('completes VirtualService spec keys', async () => {
      const position = await completionPosition(virtualService);
      const labels = await poll('completion items including http', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          virtualService.uri,
          position,
        );
        const names = list.items.map(labelOf);
        return names.includes('http') ? names : undefined;
      });
      for (const key of ['http', 'gateways', 'exportTo']) {
        assert.ok(labels.includes(key), `completion should offer ${key}, got ${JSON.stringify(labels)}`);
      }
    });

    it('explains timeout on hover', async () => {
      const position = keyPosition(virtualService, 'timeout');
      const text = await poll('a hover on timeout', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          virtualService.uri,
          position,
        );
        return hovers.length > 0 ? hoverText(hovers) : undefined;
      });
      assert.match(text, /timeout/i);
    });

    it('reports no errors for a valid DestinationRule', async () => {
      const document = await open('destination-rule.yaml');
      await sleep(QUIET_PERIOD_MS);
      const errors = ourDiagnostics(document.uri).filter(
        (diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error,
      );
      assert.deepEqual(errors, [], `unexpected errors: ${describeDiagnostics(errors)}`);
    });

    it('analyzes workspace files no editor opened (missing Gateway, IST0101)', async () => {
      const uri = fixtureUri('edge-routes.yaml');
      const finding = await poll('IST0101 on edge-routes.yaml', () =>
        ourDiagnostics(uri).find((d) => d.code === 'IST0101'),
      );
      assert.match(finding.message, /edge-gateway/);
      assert.equal(finding.range.start.line, 11, 'points at the gateways entry');
    });

    it('goes from a route destination subset to the DestinationRule defining it', async () => {
      const document = await open('virtual-service.yaml');
      const line = [...Array(document.lineCount).keys()].find((l) =>
        /subset: v1\b/.test(document.lineAt(l).text),
      );
      assert.ok(line !== undefined, 'virtual-service.yaml routes to subset v1');
      const position = new vscode.Position(line, document.lineAt(line).text.indexOf('v1'));
      const locations = await poll('definition of subset v1', async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          document.uri,
          position,
        );
        return found.length ? found : undefined;
      });
      const target = locations[0]!;
      const uri = 'targetUri' in target ? target.targetUri : target.uri;
      assert.match(uri.path, /destination-rule\.yaml$/);
    });

    it('leaves YAML that is not Kubernetes alone', async () => {
      const document = await open('not-kubernetes.yaml');
      await sleep(QUIET_PERIOD_MS);
      const diagnostics = ourDiagnostics(document.uri);
      assert.deepEqual(diagnostics, [], `unexpected diagnostics: ${describeDiagnostics(diagnostics)}`);
    });
  });
}
