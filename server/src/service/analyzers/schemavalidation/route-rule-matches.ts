/**
 * Which rules and matches of a VirtualService's http/tcp/tls route list can never be used, the way
 * istio's VirtualService validation works it out:
 *
 * - a rule without matches catches everything, so a later rule without matches is unreachable;
 * - a match equal to one of an earlier rule (ignoring the match `name`) is ineffective, and a rule whose
 *   matches are all ineffective is unreachable;
 * - (http only) a URI prefix match that an earlier prefix match covers (its prefix starts with the earlier
 *   one, with the same port, method, authority, headers, query params and withoutHeaders, each equal or
 *   covered by an earlier prefix) is ineffective.
 */
import type { FieldPath } from '../../analysis/analyzer';
import { asArray, asRecord, get, isObject } from '../../workspace/resource';

export type RouteSection = 'http' | 'tcp' | 'tls';

/** A rule (or match) of the route list, as istio names it in messages: `"name"` or `#index`. */
export interface RuleRef {
  label: string;
  path: FieldPath;
}

export type RuleIssue =
  | { kind: 'unreachable'; rule: RuleRef; reason: 'catch-all' | 'duplicate-matches'; shadowedBy: RuleRef[] }
  | { kind: 'ineffective'; rule: RuleRef; match: RuleRef; shadowedBy: MatchRef; overlap?: PrefixOverlap };

/** A match and the rule it belongs to. */
export interface MatchRef {
  rule: RuleRef;
  match: RuleRef;
}

export interface PrefixOverlap {
  prefix: string;
  coveringPrefix: string;
}

const EXACT = 'exact:';
const PREFIX = 'prefix:';

export function ruleIssues(vs: unknown, section: RouteSection): RuleIssue[] {
  const rules = asArray(get(vs, 'spec', section));
  const issues: RuleIssue[] = [];
  const seenMatches = new Map<string, MatchRef>();
  const prefixMatches: PrefixMatch[] = [];
  let catchAll: RuleRef | undefined;
  rules.forEach((item, i) => {
    if (item === null || item === undefined) return;
    const rule = asRecord(item);
    const ruleRef = ruleRefOf(rule, section, i);
    const matches = asArray(rule.match);
    if (matches.length === 0) {
      if (catchAll)
        issues.push({ kind: 'unreachable', rule: ruleRef, reason: 'catch-all', shadowedBy: [catchAll] });
      catchAll = ruleRef;
      return;
    }
    const shadowedBy: RuleRef[] = [];
    matches.forEach((match, j) => {
      const matchRef = matchRefOf(match, section, i, j);
      const key = matchKey(match, section);
      const earlier = seenMatches.get(key);
      if (earlier) {
        issues.push({ kind: 'ineffective', rule: ruleRef, match: matchRef, shadowedBy: earlier });
        shadowedBy.push(earlier.rule);
        return;
      }
      seenMatches.set(key, { rule: ruleRef, match: matchRef });
      const prefixMatch = section === 'http' ? prefixMatchOf(match, ruleRef, matchRef) : undefined;
      if (prefixMatch) prefixMatches.push(prefixMatch);
    });
    if (shadowedBy.length === matches.length) {
      issues.push({ kind: 'unreachable', rule: ruleRef, reason: 'duplicate-matches', shadowedBy });
    }
  });
  issues.push(...prefixOverlaps(prefixMatches));
  return issues;
}

function ruleRefOf(rule: Record<string, unknown>, section: RouteSection, i: number): RuleRef {
  const name = section === 'http' && typeof rule.name === 'string' && rule.name ? rule.name : undefined;
  return { label: name !== undefined ? JSON.stringify(name) : `#${i}`, path: ['spec', section, i] };
}

function matchRefOf(match: unknown, section: RouteSection, i: number, j: number): RuleRef {
  const name = section === 'http' ? get(match, 'name') : undefined;
  const label = typeof name === 'string' && name ? JSON.stringify(name) : `#${j}`;
  return { label, path: ['spec', section, i, 'match', j] };
}

/** A canonical form of a match: fields at their zero value dropped, keys sorted, http `name` ignored. */
function matchKey(match: unknown, section: RouteSection): string {
  if (!isObject(match)) return JSON.stringify(match ?? null);
  const fields = { ...match };
  if (section === 'http') delete fields.name;
  return JSON.stringify(canonical(fields) ?? {});
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v) ?? null);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonical(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === '' || value === 0 || value === false) return undefined;
  return value;
}

interface PrefixMatch {
  rule: RuleRef;
  match: RuleRef;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  withoutHeaders: Record<string, string>;
}

/** The fields of a URI prefix match that the overlap check compares (undefined for other matches). */
function prefixMatchOf(match: unknown, rule: RuleRef, matchRef: RuleRef): PrefixMatch | undefined {
  const prefix = get(match, 'uri', 'prefix');
  if (typeof prefix !== 'string' || !prefix) return undefined;
  return {
    rule,
    match: matchRef,
    prefix,
    port: Number(get(match, 'port') ?? 0) || 0,
    // A match without a method is compared as if it matched GET.
    method: exactOrPrefix(get(match, 'method')) || `${EXACT}GET`,
    authority: exactOrPrefix(get(match, 'authority')),
    headers: stringMatches(get(match, 'headers')),
    queryParams: stringMatches(get(match, 'queryParams')),
    withoutHeaders: stringMatches(get(match, 'withoutHeaders')),
  };
}

function exactOrPrefix(stringMatch: unknown): string {
  const exact = get(stringMatch, 'exact');
  if (typeof exact === 'string' && exact) return EXACT + exact;
  const prefix = get(stringMatch, 'prefix');
  if (typeof prefix === 'string' && prefix) return PREFIX + prefix;
  return '';
}

function stringMatches(map: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(map))) out[key] = exactOrPrefix(value);
  return out;
}

function prefixOverlaps(matches: readonly PrefixMatch[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  matches.forEach((earlier, i) => {
    for (const later of matches.slice(i + 1)) {
      // Equal prefixes are the duplicate check's business.
      if (later.prefix === earlier.prefix || !covers(earlier, later)) continue;
      issues.push({
        kind: 'ineffective',
        rule: later.rule,
        match: later.match,
        shadowedBy: { rule: earlier.rule, match: earlier.match },
        overlap: { prefix: later.prefix, coveringPrefix: earlier.prefix },
      });
    }
  });
  return issues;
}

/** Whether every request `later` matches is already matched by `earlier`, as istio approximates it. */
function covers(earlier: PrefixMatch, later: PrefixMatch): boolean {
  return (
    later.prefix.startsWith(earlier.prefix) &&
    later.port === earlier.port &&
    valueCovers(earlier.method, later.method) &&
    valueCovers(earlier.authority, later.authority) &&
    mapCovers(earlier.headers, later.headers) &&
    mapCovers(earlier.queryParams, later.queryParams) &&
    mapCovers(earlier.withoutHeaders, later.withoutHeaders)
  );
}

// istio's comparison, kept as is: the earlier value must equal the later one or start with it.
function valueCovers(earlier: string, later: string): boolean {
  return earlier === later || earlier.startsWith(later);
}

function mapCovers(earlier: Record<string, string>, later: Record<string, string>): boolean {
  const keys = Object.keys(earlier);
  if (keys.length !== Object.keys(later).length) return false;
  return keys.every((k) => k in later && valueCovers(earlier[k]!, later[k]!));
}
