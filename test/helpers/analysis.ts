/** Test builder for mesh analysis: YAML files in, findings out (as the CLI would report them). */
import { analyzeWorkspace, type AnalysisOptions } from '../../server/src/service/analysis/analyze-workspace';
import { parseMeshConfig } from '../../server/src/service/analysis/mesh-config';
import { WorkspaceIndex } from '../../server/src/service/workspace/index';
import { service } from './service';

export interface TestFinding {
  code: string;
  level: string;
  kind: string;
  /** `namespace/name` as written, or `name` when the YAML has no namespace. */
  resource: string;
  message: string;
  /** 0-based line and the text the finding points at. */
  line: number;
  text: string;
  file: string;
}

/** Analyzes `files` (name → YAML text); `meshConfig` is MeshConfig YAML text. */
export function analyzeFiles(
  files: Record<string, string>,
  options: Omit<AnalysisOptions, 'meshConfig'> & { meshConfig?: string } = {},
): TestFinding[] {
  const index = new WorkspaceIndex();
  const docs = new Map<string, ReturnType<ReturnType<typeof service>['parse']>>();
  for (const [name, text] of Object.entries(files)) {
    const doc = service().parse(`file:///ws/${name}`, 1, text);
    docs.set(doc.file.uri, doc);
    index.set(doc);
  }
  const findings = analyzeWorkspace(index, {
    ...options,
    meshConfig: options.meshConfig ? parseMeshConfig(options.meshConfig) : undefined,
  });
  return findings.map((f) => {
    const doc = docs.get(f.uri)!;
    return {
      code: f.code,
      level: f.level,
      kind: f.resource.kind,
      resource: f.resource.namespaceAsWritten
        ? `${f.resource.namespaceAsWritten}/${f.resource.name}`
        : f.resource.name,
      message: f.message,
      line: doc.lines.positionAt(f.start).line,
      text: doc.file.text.slice(f.start, f.end),
      file: f.uri.replace('file:///ws/', ''),
    };
  });
}

/** Findings as `CODE Kind resource` strings, sorted: easy to compare with deepEqual. */
export function summary(findings: readonly TestFinding[], codes?: readonly string[]): string[] {
  return findings
    .filter((f) => !codes || codes.includes(f.code))
    .map((f) => `${f.code} ${f.kind} ${f.resource}`)
    .sort();
}
