/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902). */
import { fail } from './status';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) fail(422, `invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map(unescape);
}

function parentOf(doc: Json, tokens: string[], op: string): Json {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    const next: Json = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined)
      fail(422, `${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
    cur = next;
  }
  return cur;
}

export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) fail(400, 'json patch must be an array of operations');
  let result = structuredClone(doc);
  for (const raw of ops as Record<string, Json>[]) {
    const op = String(raw.op);
    const tokens = parsePointer(String(raw.path ?? ''));
    const last = tokens[tokens.length - 1];
    const missing = () =>
      fail(422, `${op} operation does not apply: doc is missing path: ${String(raw.path)}`);
    if (op === 'test') {
      const actual = getPath(result, tokens);
      if (JSON.stringify(actual) !== JSON.stringify(raw.value))
        fail(422, `testing value ${String(raw.path)} failed`);
      continue;
    }
    if (tokens.length === 0) {
      if (op === 'add' || op === 'replace') result = structuredClone(raw.value);
      else fail(422, `${op} of the root is not supported`);
      continue;
    }
    const parent = parentOf(result, tokens, op);
    if (Array.isArray(parent)) {
      const idx = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) missing();
      if (op === 'add') parent.splice(idx, 0, structuredClone(raw.value));
      else if (op === 'remove') {
        if (idx >= parent.length) missing();
        parent.splice(idx, 1);
      } else if (op === 'replace') {
        if (idx >= parent.length) missing();
        parent[idx] = structuredClone(raw.value);
      } else fail(422, `Unexpected kind: ${op}`);
    } else if (isObject(parent)) {
      if (op === 'add') parent[last] = structuredClone(raw.value);
      else if (op === 'remove') {
        if (!(last in parent)) missing();
        delete parent[last];
      } else if (op === 'replace') {
        if (!(last in parent)) missing();
        parent[last] = structuredClone(raw.value);
      } else fail(422, `Unexpected kind: ${op}`);
    } else missing();
  }
  return result;
}

function getPath(doc: Json, tokens: string[]): Json {
  let cur = doc;
  for (const t of tokens) cur = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
  return cur;
}
