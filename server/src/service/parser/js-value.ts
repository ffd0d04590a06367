/**
 * The plain value of a parsed document, computed once: validation (precompiled validators) and the
 * workspace index both need it. Alias bombs are refused by a bound on expanded aliases.
 */
import type { Document } from 'yaml';

export const MAX_ALIAS_COUNT = 100;

type Result = { value: unknown } | { error: string };
const values = new WeakMap<Document.Parsed, Result>();

/** The document's value, or an error message when it cannot be expanded. */
export function jsValue(doc: Document.Parsed): Result {
  let result = values.get(doc);
  if (!result) {
    try {
      result = { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (err) {
      result = { error: err instanceof Error ? err.message : String(err) };
    }
    values.set(doc, result);
  }
  return result;
}
