/**
 * Quick fixes for mesh-analysis findings. Analysis diagnostics carry `data.analysis` (the resource id
 * and the field at fault); a fixer per diagnostic code turns that into text edits, possibly in another
 * file (the DestinationRule of a host). Pure: the index and the documents in, code actions out.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { AnalysisDiagnosticData } from '../analysis/analyze-workspace';
import { DIAGNOSTIC_SOURCE } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import type { MeshResource } from '../workspace/resource';
import { qualifyShortHost } from './host-names';
import { addMissingSubset } from './missing-subset';
import { renamePort } from './port-name';
import { removeDuplicateSubset, removeIneffectiveMatch, removeUnreachableRule } from './remove-items';
import { normalizeWeights, removeLoneWeight } from './route-weights';
import type { AnalysisFixer, Fix } from './types';
import { toWorkspaceEdit, type DocumentOf } from './workspace-edit';

export { hostRefactorings } from './host-names';
export type { AnalysisFixer, Fix, FileEdit, FixContext } from './types';

/** The fixers by diagnostic code. */
export const ANALYSIS_FIXERS: Readonly<Partial<Record<string, AnalysisFixer>>> = {
  IST0101: addMissingSubset,
  IST0118: renamePort,
  IST0130: removeUnreachableRule,
  IST0131: removeIneffectiveMatch,
  MW0001: normalizeWeights,
  MW0002: removeLoneWeight,
  MW0004: removeDuplicateSubset,
  MW0013: qualifyShortHost,
};

/**
 * Quick fixes for the analysis diagnostics among `diagnostics` (others are skipped). `documentOf` gives
 * the open version of a file: a fix is dropped when a file it edits differs from its indexed version
 * (files it does not know are taken as indexed). A fix several diagnostics share (an unreachable rule
 * whose only match is ineffective) comes once, listing them all.
 */
export function analysisCodeActions(
  index: WorkspaceIndex,
  documentOf: DocumentOf,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  let byId: Map<string, MeshResource> | undefined;
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of diagnostics) {
    const data = analysisData(diagnostic);
    const fixer = typeof diagnostic.code === 'string' ? ANALYSIS_FIXERS[diagnostic.code] : undefined;
    if (!data || !fixer) continue;
    byId ??= new Map(index.all().map((r) => [r.id, r]));
    const resource = byId.get(data.resourceId);
    if (!resource) continue;
    let fixes: Fix[];
    try {
      fixes = fixer({ index, resource, path: data.path, diagnostic });
    } catch {
      // A fixer tripping over unusual YAML must not fail the whole request.
      continue;
    }
    fixes.forEach((fix, i) => {
      const edit = toWorkspaceEdit(index, documentOf, fix.edits);
      if (!edit) return;
      const key = `${fix.title}\u0000${JSON.stringify(edit)}`;
      const same = actions.get(key);
      if (same) {
        same.diagnostics!.push(diagnostic);
        return;
      }
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit,
      };
      if (fix.preferred && i === 0) action.isPreferred = true;
      actions.set(key, action);
    });
  }
  return [...actions.values()];
}

function analysisData(diagnostic: Diagnostic): AnalysisDiagnosticData['analysis'] | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const analysis = (diagnostic.data as Partial<AnalysisDiagnosticData> | undefined)?.analysis;
  if (typeof analysis?.resourceId !== 'string' || !Array.isArray(analysis.path)) return undefined;
  const pathOk = analysis.path.every((s) => typeof s === 'string' || typeof s === 'number');
  return pathOk ? analysis : undefined;
}
