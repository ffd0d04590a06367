/** Test builder for the pure language service: one service over the generated catalog, cursor markers. */
import type { Position } from 'vscode-languageserver-types';
import { createBundledService } from '../../server/src/bundled-service';
import type { MeshLanguageService, MeshTextDocument } from '../../server/src/service/language-service';

let shared: MeshLanguageService | undefined;

export function service(): MeshLanguageService {
  shared ??= createBundledService();
  return shared;
}

/** The cursor marker in test documents (`|` is YAML syntax, so it cannot be the marker). */
export const CURSOR = '‸';

export function parse(text: string, uri = 'file:///test.yaml', version = 1): MeshTextDocument {
  return service().parse(uri, version, text);
}

/** Parses `text` with one `‸` marker removed and returns the cursor position. */
export function withCursor(text: string): { doc: MeshTextDocument; position: Position } {
  const offset = text.indexOf(CURSOR);
  if (offset < 0) throw new Error('no cursor marker in test document');
  const doc = parse(text.slice(0, offset) + text.slice(offset + CURSOR.length));
  return { doc, position: doc.lines.positionAt(offset) };
}

export function diagnostics(text: string) {
  const doc = parse(text);
  return service()
    .validate(doc)
    .map((d) => ({
      code: d.code,
      message: typeof d.message === 'string' ? d.message : d.message.value,
      severity: d.severity,
      /** The text the diagnostic's range covers. */
      text: doc.file.text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end)),
      line: d.range.start.line,
    }));
}

export function completionLabels(text: string): string[] {
  const { doc, position } = withCursor(text);
  return service()
    .complete(doc, position)
    .items.map((i) => i.label);
}

export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values);
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
