/**
 * Fixes that delete one sequence item, whole lines and nothing else:
 * - IST0130 (a route rule no request reaches): remove the rule;
 * - IST0131 (a match an earlier one shadows): remove the match, or the rule when it is its only match
 *   (an empty `match` would make the rule catch everything);
 * - MW0004 (a subset name defined twice): remove the later subset.
 */
import { isSeq } from 'yaml';
import type { FieldPath } from '../analysis/analyzer';
import type { MeshResource } from '../workspace/resource';
import type { AnalysisFixer, Fix, FixContext } from './types';
import { deleteSeqItem } from './yaml-edits';
import { lookup, sourceOf } from './yaml-text';

/** Removes the item `path` names (its last segment is the index) under `title`. */
function removeItem(ctx: FixContext, resource: MeshResource, path: FieldPath, title: string): Fix[] {
  const index = path[path.length - 1];
  const src = sourceOf(ctx.index, resource);
  const seq = lookup(resource.doc, path.slice(0, -1));
  if (!src || typeof index !== 'number' || !seq || !isSeq(seq.node)) return [];
  const edits = deleteSeqItem(src, seq.node, index, seq.pair);
  return edits ? [{ title, edits, preferred: true }] : [];
}

const ROUTE_SECTIONS = new Set<unknown>(['http', 'tcp', 'tls']);

/** `spec.<section>[i]` or `spec.<section>[i].match`. */
export const removeUnreachableRule: AnalysisFixer = (ctx) => {
  const rule = ctx.path.slice(0, 3);
  if (ctx.path[0] !== 'spec' || !ROUTE_SECTIONS.has(ctx.path[1]) || typeof rule[2] !== 'number') return [];
  return removeItem(ctx, ctx.resource, rule, 'Remove the unreachable rule');
};

/** `spec.<section>[i].match[j]`, possibly followed by `uri.prefix`. */
export const removeIneffectiveMatch: AnalysisFixer = (ctx) => {
  const { path, resource } = ctx;
  if (
    path[0] !== 'spec' ||
    !ROUTE_SECTIONS.has(path[1]) ||
    path[3] !== 'match' ||
    typeof path[4] !== 'number'
  ) {
    return [];
  }
  const matches = lookup(resource.doc, path.slice(0, 4))?.node;
  if (!isSeq(matches)) return [];
  if (matches.items.length === 1)
    return removeItem(ctx, resource, path.slice(0, 3), 'Remove the unreachable rule');
  return removeItem(ctx, resource, path.slice(0, 5), 'Remove the ineffective match');
};

/** `spec.subsets[j].name`. */
export const removeDuplicateSubset: AnalysisFixer = (ctx) => {
  const { path } = ctx;
  if (path[0] !== 'spec' || path[1] !== 'subsets' || typeof path[2] !== 'number') return [];
  // Removing drops the second subset's labels and policy: right often, but not always the intent.
  return removeItem(ctx, ctx.resource, path.slice(0, 3), 'Remove the duplicate subset').map((f) => ({
    ...f,
    preferred: false,
  }));
};
