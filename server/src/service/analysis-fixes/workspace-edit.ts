/**
 * File-offset edits to an LSP WorkspaceEdit, only when every file is still the version that was indexed
 * (`documentOf` gives the current version of open documents; other files are taken as indexed).
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import type { FileEdit } from './types';

export type DocumentOf = (uri: string) => MeshTextDocument | undefined;

export function toWorkspaceEdit(
  index: WorkspaceIndex,
  documentOf: DocumentOf,
  edits: readonly FileEdit[],
): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const uri of new Set(edits.map((e) => e.uri))) {
    const indexed = index.file(uri)?.doc;
    // A file no editor shows (a DestinationRule found on disk) is taken as indexed.
    const doc = documentOf(uri) ?? indexed;
    // Offsets come from the indexed parse: a document edited since would get the edit in the wrong place.
    if (!doc || !indexed || (doc !== indexed && doc.file.text !== indexed.file.text)) return undefined;
    const mine = edits.filter((e) => e.uri === uri).sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < mine.length; i++) if (mine[i]!.start < mine[i - 1]!.end) return undefined;
    changes[uri] = mine.map((e) => ({
      range: { start: doc.lines.positionAt(e.start), end: doc.lines.positionAt(e.end) },
      newText: e.newText,
    }));
  }
  return Object.keys(changes).length ? { changes } : undefined;
}
