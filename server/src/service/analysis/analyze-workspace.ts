/** Whole-workspace analysis: the analyzers over the index, with mesh config and cluster state. */
import { ANALYZERS } from '../analyzers/index';
import type { Analyzer, AnalysisContext } from './analyzer';
import type { ClusterSnapshot } from '../../../../protocol/src/cluster-snapshot';
import { resolveMeshConfig, type MeshConfig } from './mesh-config';
import type { AnalysisCache } from './incremental';
import { runAnalyzers, type AnalysisFinding } from './run-analysis';
import { snapshotResources, unshadowed } from '../workspace/cluster-resources';
import type { WorkspaceIndex } from '../workspace/index';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type MeshTextDocument } from '../language-service';

export interface AnalysisOptions {
  meshConfig?: MeshConfig;
  meshNetworks?: Record<string, unknown>;
  cluster?: ClusterSnapshot;
  analyzers?: readonly Analyzer[];
  /** Reuse the findings of analyzers whose inputs did not change since the last run (editor). */
  cache?: AnalysisCache;
}

export function analyzeWorkspace(index: WorkspaceIndex, options: AnalysisOptions = {}): AnalysisFinding[] {
  const live = options.cluster ? snapshotResources(options.cluster, 'default') : [];
  index.setExtra(unshadowed(live, index.fileResources()));
  const ctx: AnalysisContext = {
    index,
    meshConfig: resolveMeshConfig(index, options.meshConfig),
    meshNetworks: options.meshNetworks,
    cluster: options.cluster,
  };
  return runAnalyzers(options.analyzers ?? ANALYZERS, ctx, options.cache);
}

const SEVERITY = { Error: 1, Warning: 2, Info: 3 } as const;

/** What an analysis diagnostic carries for quick fixes: the resource (MeshResource.id) and field at fault. */
export interface AnalysisDiagnosticData {
  analysis: { resourceId: string; path: readonly (string | number)[] };
}

/** Groups findings into LSP diagnostics per file (with related information in other files). */
export function findingsToDiagnostics(
  findings: readonly AnalysisFinding[],
  documentOf: (uri: string) => MeshTextDocument | undefined,
): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const f of findings) {
    const doc = documentOf(f.uri);
    if (!doc) continue;
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of f.related) {
      const other = documentOf(r.uri);
      if (!other) continue;
      related.push({
        location: {
          uri: r.uri,
          range: { start: other.lines.positionAt(r.start), end: other.lines.positionAt(r.end) },
        },
        message: r.message,
      });
    }
    const diagnostic: Diagnostic = {
      range: { start: doc.lines.positionAt(f.start), end: doc.lines.positionAt(f.end) },
      severity: SEVERITY[f.level],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
      data: { analysis: { resourceId: f.resource.id, path: f.path ?? [] } } satisfies AnalysisDiagnosticData,
    };
    if (related.length) diagnostic.relatedInformation = related;
    const list = out.get(f.uri) ?? [];
    list.push(diagnostic);
    out.set(f.uri, list);
  }
  return out;
}
