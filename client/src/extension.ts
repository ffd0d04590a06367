/** Extension entry: wires capabilities together; each lives in its own folder. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './language/start-client';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Meshwright', { log: true });
  context.subscriptions.push(log);
  try {
    client = await startLanguageClient(context, log);
  } catch (err) {
    log.error('Language server failed to start', err);
    const choice = await vscode.window.showErrorMessage(
      'Meshwright: the language server failed to start.',
      'Show Log',
    );
    if (choice === 'Show Log') log.show();
    throw err;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
