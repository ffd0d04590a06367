/**
 * Quick fixes keyed by diagnostic code: apply the "did you mean" suggestion, add the missing unit to
 * a duration, quote a number where a string is expected.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { MeshTextDocument } from './language-service';
import { Code } from './validation/diagnostic';

type Fixer = (
  doc: MeshTextDocument,
  diagnostic: Diagnostic,
  text: string,
) => { title: string; edit: TextEdit } | undefined;

const replaceWithSuggestion: Fixer = (_doc, d) => {
  const replacement = (d.data as { replacement?: string } | undefined)?.replacement;
  return replacement
    ? { title: `Change to '${replacement}'`, edit: { range: d.range, newText: replacement } }
    : undefined;
};

const FIXERS: Partial<Record<string, Fixer>> = {
  [Code.unknownField]: replaceWithSuggestion,
  [Code.badEnum]: replaceWithSuggestion,
  [Code.unknownKind]: replaceWithSuggestion,
  [Code.unknownApiVersion]: replaceWithSuggestion,
  [Code.duration]: (_doc, d, text) => {
    const bare = /^(["']?)(\d+(?:\.\d+)?)\1$/.exec(text);
    return bare
      ? { title: `Use ${bare[2]}s (seconds)`, edit: { range: d.range, newText: `${bare[2]}s` } }
      : undefined;
  },
  [Code.wrongType]: (_doc, d, text) =>
    /quote it/.test(String(d.message)) && !/^["']/.test(text)
      ? { title: `Quote "${text}"`, edit: { range: d.range, newText: `"${text.replace(/["\\]/g, '\\$&')}"` } }
      : undefined,
};

export function codeActions(doc: MeshTextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'meshwright' || typeof diagnostic.code !== 'string') continue;
    const fixer = FIXERS[diagnostic.code];
    const text = doc.file.text.slice(
      doc.lines.offsetAt(diagnostic.range.start),
      doc.lines.offsetAt(diagnostic.range.end),
    );
    const fix = fixer?.(doc, diagnostic, text);
    if (!fix) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [doc.file.uri]: [fix.edit] } },
    });
  }
  return actions;
}
