// Locations inside the workspace fixture (test/e2e/workspace), found by content, not line numbers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const COMPLETION_INDENT = 2;

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder should be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The prepared blank line under the last `spec:` of the document (the cursor goes there for completion). */
export function completionLine(document: vscode.TextDocument): number {
  let spec = -1;
  for (let line = 0; line < document.lineCount; line++) {
    if (/^spec:\s*$/.test(document.lineAt(line).text)) {
      spec = line;
    }
  }
  assert.ok(spec >= 0, `${document.uri.path} should have a top-level spec:`);
  for (let line = spec + 1; line < document.lineCount; line++) {
    if (document.lineAt(line).isEmptyOrWhitespace) {
      return line;
    }
  }
  assert.fail(`${document.uri.path} should have a blank line under its last spec:`);
}

/** Makes sure the prepared line is indented (a formatter may have stripped its spaces) and returns the cursor. */
export async function completionPosition(document: vscode.TextDocument): Promise<vscode.Position> {
  const line = completionLine(document);
  const length = document.lineAt(line).text.length;
  if (length < COMPLETION_INDENT) {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(line, length), ' '.repeat(COMPLETION_INDENT - length));
    assert.ok(await vscode.workspace.applyEdit(edit), 'indenting the completion line should succeed');
  }
  return new vscode.Position(line, COMPLETION_INDENT);
}

/** The position just inside the first key `name:` of the document. */
export function keyPosition(document: vscode.TextDocument, name: string): vscode.Position {
  const pattern = new RegExp(`^(\\s*(?:- )?)${name}:`);
  for (let line = 0; line < document.lineCount; line++) {
    const match = pattern.exec(document.lineAt(line).text);
    if (match?.[1] !== undefined) {
      return new vscode.Position(line, match[1].length + 1);
    }
  }
  assert.fail(`${document.uri.path} should have a key ${name}:`);
}
