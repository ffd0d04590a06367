/** Label selectors (=, ==, !=, in, notin, exists, !exists) and field selectors. */
import { fail } from './status';

type Requirement = (labels: Record<string, string>) => boolean;

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseLabelSelector(selector: string | null | undefined): Requirement {
  if (!selector) return () => true;
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim());
      reqs.push(
        op === 'in'
          ? (l) => key in l && values.includes(l[key])
          : (l) => !(key in l) || !values.includes(l[key]),
      );
    } else if ((m = part.match(/^([\w./-]+)\s*(!=|==|=)\s*([\w./-]*)$/))) {
      const [, key, op, value] = m;
      reqs.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = part.match(/^!([\w./-]+)$/))) {
      const key = m[1];
      reqs.push((l) => !(key in l));
    } else if ((m = part.match(/^([\w./-]+)$/))) {
      const key = m[1];
      reqs.push((l) => key in l);
    } else {
      fail(400, `unable to parse requirement: found '${part}', expected: valid label selector`);
    }
  }
  return (labels) => reqs.every((r) => r(labels));
}

const FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'status.phase',
  'spec.nodeName',
  'involvedObject.name',
];

function fieldValue(obj: Record<string, unknown>, path: string): string {
  let cur: unknown = obj;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur === undefined || cur === null ? '' : String(cur);
}

export function parseFieldSelector(
  selector: string | null | undefined,
): (obj: Record<string, unknown>) => boolean {
  if (!selector) return () => true;
  const reqs: ((o: Record<string, unknown>) => boolean)[] = [];
  for (const part of splitTopLevel(selector)) {
    const m = part.match(/^([\w.]+)\s*(!=|==|=)\s*(.*)$/);
    if (!m) fail(400, `invalid selector: '${selector}'; can't understand '${part}'`);
    const [, field, op, value] = m;
    if (!FIELDS.includes(field)) fail(400, `field label not supported: ${field}`);
    reqs.push(op === '!=' ? (o) => fieldValue(o, field) !== value : (o) => fieldValue(o, field) === value);
  }
  return (o) => reqs.every((r) => r(o));
}
