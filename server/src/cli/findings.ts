/** The CLI's finding record (JSON output) built from schema diagnostics and analyzer findings. */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { AnalysisFinding } from '../service/analysis/run-analysis';
import type { MeshTextDocument } from '../service/language-service';
import { locate } from '../service/parser/mesh-document';

export interface CliFinding {
  code: string;
  level: 'Error' | 'Warning' | 'Info';
  message: string;
  kind: string;
  name: string;
  /** As written in the YAML; '' when absent. */
  namespace: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const LEVELS = ['Error', 'Error', 'Warning', 'Info', 'Info'] as const;

export function fromDiagnostic(file: string, doc: MeshTextDocument, d: Diagnostic): CliFinding {
  const found = locate(doc.file, doc.lines.offsetAt(d.range.start));
  const header = found?.placed.chunk.header ?? {};
  return {
    code: String(d.code ?? ''),
    level: LEVELS[d.severity ?? 1] ?? 'Error',
    message: typeof d.message === 'string' ? d.message : d.message.value,
    kind: header.kind ?? '',
    name: header.name ?? '',
    namespace: header.namespace ?? '',
    file,
    ...span(d.range),
  };
}

export function fromAnalysis(file: string, doc: MeshTextDocument, f: AnalysisFinding): CliFinding {
  return {
    code: f.code,
    level: f.level,
    message: f.message,
    kind: f.resource.kind,
    name: f.resource.name,
    namespace: f.resource.namespaceAsWritten,
    file,
    ...span({ start: doc.lines.positionAt(f.start), end: doc.lines.positionAt(f.end) }),
  };
}

function span(range: Diagnostic['range']) {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
