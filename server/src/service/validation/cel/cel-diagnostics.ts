/**
 * Evaluates the `x-kubernetes-validations` rules of a cluster CRD's schema on a document's value and
 * reports each failed rule (code `cel-rule`) at its node, or at its `fieldPath` target when given.
 * Rules @bufbuild/cel cannot evaluate are skipped (see cel-program.ts).
 */
import { isCollection, isMap, isSeq, type Document, type Node } from 'yaml';
import { nodeAtPointer, nodeRange } from '../../parser/ast';
import type { Schema } from '../../schema/types';
import { Code, Severity, type OffsetDiagnostic } from '../diagnostic';
import { compileRule } from './cel-program';
import { propertySchema, toCel } from './cel-values';

const MAX_DEPTH = 128;

export function celDiagnostics(
  doc: Document.Parsed,
  value: unknown,
  root: Schema,
  resolve: (s: Schema) => Schema,
): OffsetDiagnostic[] {
  const out: OffsetDiagnostic[] = [];
  const visit = (current: unknown, raw: Schema, pointer: string, depth: number): void => {
    if (current === null || current === undefined || depth > MAX_DEPTH) return;
    const schema = resolve(raw);
    const rules = schema['x-kubernetes-validations'];
    if (rules?.length) {
      const self = toCel(current, schema, resolve);
      for (const rule of rules) {
        const compiled = compileRule(rule.rule);
        if (!compiled.ok || compiled.run(self) !== false) continue;
        const message =
          ruleMessage(rule.messageExpression, self) ?? rule.message ?? `failed rule: ${rule.rule}`;
        const range = locate(doc, pointer + fieldPathPointer(rule.fieldPath));
        if (range)
          out.push({ start: range[0], end: range[1], severity: Severity.Error, code: Code.celRule, message });
      }
    }
    if (Array.isArray(current)) {
      if (schema.items)
        current.forEach((item, i) => visit(item, schema.items!, `${pointer}/${i}`, depth + 1));
    } else if (typeof current === 'object') {
      for (const [key, child] of Object.entries(current as Record<string, unknown>)) {
        const prop = propertySchema(schema, key);
        if (prop) visit(child, prop, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
      }
    }
  };
  visit(value, root, '', 0);
  return out;
}

function ruleMessage(expression: string | undefined, self: ReturnType<typeof toCel>): string | undefined {
  if (!expression) return undefined;
  const compiled = compileRule(expression);
  const result = compiled.ok ? compiled.run(self) : undefined;
  return typeof result === 'string' && result.trim() ? result : undefined;
}

/** `.spec.targetRef` or `.ports['http-1']` → a JSON pointer suffix; unknown syntax → the node itself. */
export function fieldPathPointer(fieldPath: string | undefined): string {
  if (!fieldPath) return '';
  const segments: string[] = [];
  const step = /\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  let match: RegExpExecArray | null;
  while (step.lastIndex < fieldPath.length && (match = step.exec(fieldPath))) {
    segments.push(match[1] ?? match[2]!.replace(/\\(.)/g, '$1'));
  }
  if (step.lastIndex !== fieldPath.length) return '';
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** A map or list is reported at its key (`spec:`), or for an array item at its first key. */
function locate(doc: Document.Parsed, pointer: string): [number, number] | undefined {
  const found = nodeAtPointer(doc, pointer);
  if (!found) return undefined;
  const { node, keyNode } = found;
  if (isCollection(node)) {
    if (keyNode) return nodeRange(keyNode);
    if (isMap(node) && node.items[0]) return nodeRange(node.items[0].key as Node);
    if (isSeq(node)) return nodeRange(node);
  }
  return nodeRange(node) ?? nodeRange(keyNode);
}
