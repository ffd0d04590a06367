/**
 * Incremental analysis: each analyzer's run records which kinds it read from the index (its
 * dependencies, found by watching its calls, so analyzers declare nothing). On the next run, an
 * analyzer whose kinds did not change keeps its findings; only the others run again.
 *
 * A kind "changed" when its list of resource objects differs: the index reuses the resource objects
 * of unchanged documents, so an edit changes only the kinds of the documents it touched.
 */
import type { Analyzer, AnalysisContext, Finding } from './analyzer';
import type { MeshResource } from '../workspace/resource';
import type { WorkspaceIndex } from '../workspace/index';

const EVERYTHING = '*';

interface Deps {
  kinds: Set<string>;
  /** Kind tests from `ofKindsMatching` (e.g. every `*List` kind). */
  tests: ((kind: string) => boolean)[];
}

interface CachedRun {
  deps: Deps;
  findings: Finding[];
}

export interface IncrementalStats {
  analyzersRun: number;
  analyzersReused: number;
  /** Resources of the kinds the re-run analyzers read. */
  resourcesTouched: number;
  changedKinds: string[];
}

export class AnalysisCache {
  private runs = new Map<string, CachedRun>();
  private kinds = new Map<string, readonly MeshResource[]>();
  private environment = '';
  lastStats: IncrementalStats | undefined;

  /** Runs the analyzers that need it; `run` executes one analyzer with a (recording) context. */
  analyze(
    analyzers: readonly Analyzer[],
    ctx: AnalysisContext,
    run: (analyzer: Analyzer, ctx: AnalysisContext) => Finding[],
  ): Finding[] {
    const changed = this.changedKinds(ctx);
    const out: Finding[] = [];
    let ran = 0;
    const touchedKinds = new Set<string>();
    for (const analyzer of analyzers) {
      const cached = this.runs.get(analyzer.name);
      if (cached && !dependsOn(cached.deps, changed)) {
        out.push(...cached.findings);
        continue;
      }
      const deps: Deps = { kinds: new Set(), tests: [] };
      const findings = run(analyzer, { ...ctx, index: recording(ctx.index, deps) });
      this.runs.set(analyzer.name, { deps, findings });
      for (const d of deps.kinds) touchedKinds.add(d);
      for (const r of ctx.index.all()) if (deps.tests.some((t) => t(r.kind))) touchedKinds.add(r.kind);
      out.push(...findings);
      ran++;
    }
    const all = touchedKinds.has(EVERYTHING);
    this.lastStats = {
      analyzersRun: ran,
      analyzersReused: analyzers.length - ran,
      resourcesTouched: all
        ? ctx.index.all().length
        : [...touchedKinds].reduce((n, k) => n + ctx.index.ofKind(k).length, 0),
      changedKinds: [...changed].sort(),
    };
    return out;
  }

  private changedKinds(ctx: AnalysisContext): Set<string> {
    const environment =
      JSON.stringify([ctx.meshConfig, ctx.meshNetworks ?? null]) +
      (ctx.cluster ? `#${ctx.cluster.context}` : '');
    const current = byKind(ctx.index.all());
    const changed = new Set<string>();
    if (environment !== this.environment || ctx.cluster) changed.add(EVERYTHING);
    this.environment = environment;
    for (const kind of new Set([...current.keys(), ...this.kinds.keys()])) {
      if (!sameList(current.get(kind), this.kinds.get(kind))) changed.add(kind);
    }
    this.kinds = current;
    return changed;
  }
}

function dependsOn(deps: Deps, changed: Set<string>): boolean {
  if (changed.has(EVERYTHING) || (deps.kinds.has(EVERYTHING) && changed.size)) return true;
  for (const kind of changed) if (deps.kinds.has(kind) || deps.tests.some((t) => t(kind))) return true;
  return false;
}

function byKind(resources: readonly MeshResource[]): Map<string, MeshResource[]> {
  const out = new Map<string, MeshResource[]>();
  for (const r of resources) {
    const list = out.get(r.kind) ?? [];
    list.push(r);
    out.set(r.kind, list);
  }
  return out;
}

function sameList(a: readonly MeshResource[] | undefined, b: readonly MeshResource[] | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  return a.every((r, i) => r === b[i]);
}

/** The index as an analyzer sees it, noting every kind the analyzer asks for. */
function recording(index: WorkspaceIndex, deps: Deps): WorkspaceIndex {
  return new Proxy(index, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'ofKindsMatching') {
        return (test: (kind: string) => boolean) => {
          deps.tests.push(test);
          return (value as (t: typeof test) => unknown).call(target, test);
        };
      }
      if (prop === 'ofKind' || prop === 'find' || prop === 'findAll') {
        return (kind: string, ...rest: unknown[]) => {
          deps.kinds.add(kind);
          return (value as (...args: unknown[]) => unknown).call(target, kind, ...rest);
        };
      }
      return (...args: unknown[]) => {
        deps.kinds.add(EVERYTHING);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
