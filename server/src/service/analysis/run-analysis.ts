/**
 * Runs every analyzer over the index and places each finding in its file: the editor turns them into
 * diagnostics per document, the CLI into JSON/SARIF/text.
 */
import type { Analyzer, AnalysisContext, Finding } from './analyzer';
import { locateField } from './locate';
import { MESSAGES, type Level } from './messages';
import type { MeshResource } from '../workspace/resource';
import { MESHWRIGHT_CHECKS } from './meshwright-checks';
import type { AnalysisCache } from './incremental';

export interface PlacedRelated {
  uri: string;
  start: number;
  end: number;
  message: string;
}

export interface AnalysisFinding {
  code: string;
  level: Level;
  message: string;
  analyzer: string;
  resource: MeshResource;
  uri: string;
  /** File offsets of the field at fault. */
  start: number;
  end: number;
  related: PlacedRelated[];
  /** The field at fault, as the analyzer gave it (quick fixes start from it). */
  path?: readonly (string | number)[];
}

export function runAnalyzers(
  analyzers: readonly Analyzer[],
  ctx: AnalysisContext,
  cache?: AnalysisCache,
): AnalysisFinding[] {
  const findings = cache
    ? cache.analyze(analyzers, ctx, runOne)
    : analyzers.flatMap((analyzer) => runOne(analyzer, ctx));
  return findings.map(placeOnce);
}

/**
 * A reused finding keeps its placement while the chunks of its resources have not moved (an edit above
 * a resource moves it: see workspace/index.ts).
 */
const placed = new WeakMap<Finding, { where: string; result: AnalysisFinding }>();
function placeOnce(f: Finding): AnalysisFinding {
  const where = [f.resource, ...(f.related ?? []).map((r) => r.resource)].map((r) => r.chunkStart).join(',');
  const cached = placed.get(f);
  if (cached?.where === where) return cached.result;
  const result = place(f);
  placed.set(f, { where, result });
  return result;
}

function runOne(analyzer: Analyzer, ctx: AnalysisContext): Finding[] {
  const out: Finding[] = [];
  try {
    analyzer.analyze(ctx, (f) => out.push({ ...f, analyzer: analyzer.name }));
  } catch (err) {
    // One broken analyzer must not hide the others' findings.
    const first = ctx.index.all()[0];
    if (first) {
      out.push({
        message: 'InternalError',
        resource: first,
        analyzer: analyzer.name,
        text: `Analyzer ${analyzer.name} failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return out;
}

function place(f: Finding): AnalysisFinding {
  const meta =
    f.message in MESSAGES
      ? MESSAGES[f.message as keyof typeof MESSAGES]
      : MESHWRIGHT_CHECKS[f.message as keyof typeof MESHWRIGHT_CHECKS];
  const [start, end] = locateField(f.resource, f.path);
  return {
    code: meta?.code ?? String(f.message),
    level: meta?.level ?? 'Warning',
    message: f.text,
    analyzer: f.analyzer ?? '',
    resource: f.resource,
    uri: f.resource.uri,
    start,
    end,
    ...(f.path ? { path: f.path } : {}),
    related: (f.related ?? []).map((r) => {
      const [rs, re] = locateField(r.resource, r.path);
      return { uri: r.resource.uri, start: rs, end: re, message: r.message };
    }),
  };
}
