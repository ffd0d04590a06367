/**
 * Validates one `---` document: YAML syntax, then (for resources we have schemas for) the structural
 * schema pass and the exact-constraint pass. Results are memoised on the chunk, so unchanged documents
 * of an edited file are not validated again.
 */
import { isMap, isScalar, type Document, type Node, type Pair } from 'yaml';
import { jsValue } from '../parser/js-value';
import type { ParsedChunk } from '../parser/mesh-document';
import { nodeRange, scalarKey } from '../parser/ast';
import type { ValidatorLookup } from '../schema/precompiled';
import type { SchemaRegistry } from '../schema/registry';
import { celDiagnostics } from './cel/cel-diagnostics';
import { constraintDiagnostics } from './constraints';
import { Code, Severity, type OffsetDiagnostic } from './diagnostic';
import { unknownResource } from './unknown-resource';
import { StructureValidator } from './structure';

const MEMO_KEY = 'diagnostics';

export interface ValidationContext {
  registry: SchemaRegistry;
  /** Exact-constraint validators by `apiVersion/kind` (for cluster schemas, checkers of the CRD's). */
  validators: ValidatorLookup;
}

/** Diagnostics memoised with the context they were computed in: new schemas invalidate them. */
interface Memo {
  ctx: ValidationContext;
  diagnostics: OffsetDiagnostic[];
}

export function validateChunk(chunk: ParsedChunk, ctx: ValidationContext): OffsetDiagnostic[] {
  const memo = chunk.memo.get(MEMO_KEY) as Memo | undefined;
  if (memo?.ctx === ctx) return memo.diagnostics;
  const out: OffsetDiagnostic[] = [];
  if (chunk.crash) {
    out.push({
      start: 0,
      end: Math.min(chunk.text.length, 3),
      severity: Severity.Error,
      code: Code.tooComplex,
      message: `Document could not be parsed: ${chunk.crash}`,
    });
  }
  for (const doc of chunk.documents) validateDocument(doc, chunk.text, ctx, out);
  chunk.memo.set(MEMO_KEY, { ctx, diagnostics: out } satisfies Memo);
  return out;
}

function validateDocument(
  doc: Document.Parsed,
  text: string,
  ctx: ValidationContext,
  out: OffsetDiagnostic[],
): void {
  const syntax = (problem: { pos: [number, number]; message: string }, severity: Severity) =>
    out.push({
      start: problem.pos[0],
      end: Math.max(problem.pos[1], problem.pos[0] + 1),
      severity,
      code: Code.yamlSyntax,
      message: firstLine(problem.message),
    });
  for (const error of doc.errors) syntax(error, Severity.Error);
  for (const warning of doc.warnings) syntax(warning, Severity.Warning);
  const blocking = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');
  // A broken document's tree is a guess: schema errors on it would be noise.
  if (blocking || !isMap(doc.contents)) return;
  const root = doc.contents;
  const apiVersionPair = findPair(root.items, 'apiVersion');
  const kindPair = findPair(root.items, 'kind');
  const apiVersion = scalarString(apiVersionPair);
  const kind = scalarString(kindPair);
  if (!kind || !kindPair) return;
  if (!apiVersion) {
    if (ctx.registry.apiVersionsOfKind(kind).length && findPair(root.items, 'metadata')) {
      const versions = ctx.registry.apiVersionsOfKind(kind);
      out.push({
        ...range(apiVersionPair?.value ?? kindPair.key),
        severity: Severity.Error,
        code: Code.missingApiVersion,
        message: `Missing apiVersion for ${kind} (served: ${versions.join(', ')})`,
        data: { replacement: versions[0] },
      });
    }
    return;
  }
  const found = ctx.registry.lookup(apiVersion, kind);
  if (found.status === 'foreign' || found.status === 'unchecked') return;
  if (found.status === 'unknown-in-group') {
    const problem = unknownResource(found, apiVersion, kind, ctx.registry);
    if (problem)
      out.push({
        ...range(problem.on === 'apiVersion' ? apiVersionPair!.value : kindPair.value),
        ...problem.diagnostic,
      });
    return;
  }
  const before = out.length;
  const rootRange = nodeRange(kindPair.key as Node) ?? [0, 1];
  new StructureValidator(ctx.registry, out, text).validate(root, found.schema, [], rootRange);
  const validator = ctx.validators(`${apiVersion}/${kind}`);
  if (!validator) return;
  const result = jsValue(doc);
  if (!('value' in result)) {
    out.push({
      ...range(root),
      severity: Severity.Warning,
      code: Code.tooComplex,
      message: `Constraints not checked: ${result.error}`,
    });
    return;
  }
  const value = result.value;
  const reported = new Set(out.slice(before).map((d) => d.start));
  out.push(...constraintDiagnostics(doc, value, validator, reported));
  if (found.entry.source === 'cluster') {
    out.push(...celDiagnostics(doc, value, found.schema, (s) => ctx.registry.resolve(s)));
  }
}

function findPair(items: Pair[], key: string): Pair | undefined {
  return items.find((p) => scalarKey(p) === key);
}

function scalarString(pair: Pair | undefined): string | undefined {
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
}

function range(node: unknown): { start: number; end: number } {
  const r = nodeRange(node as Node) ?? [0, 1];
  return { start: r[0], end: r[1] };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
