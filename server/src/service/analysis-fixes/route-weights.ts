/**
 * MW0001 (route weights not summing to 100): scale them to 100, keeping the proportions, as integers.
 * MW0002 (a weight on a route's only destination): remove the weight.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { get } from '../workspace/resource';
import type { AnalysisFixer, FileEdit } from './types';
import { deleteMapPair, replaceScalar } from './yaml-edits';
import { lookup, sourceOf } from './yaml-text';

/** Path `spec.<protocol>[i].route`: the route whose weights are off. */
export const normalizeWeights: AnalysisFixer = (ctx) => {
  const { resource, path } = ctx;
  const src = sourceOf(ctx.index, resource);
  const routes = lookup(resource.doc, path)?.node;
  if (!src || path[path.length - 1] !== 'route' || !isSeq(routes)) return [];
  const raw = (get(resource.value, ...path) as unknown[] | undefined) ?? [];
  const weights = raw.map((r) => get(r, 'weight'));
  if (weights.some((w) => w !== undefined && w !== null && !(Number.isInteger(w) && (w as number) >= 0))) {
    return [];
  }
  const values = weights.map((w) => (typeof w === 'number' ? w : 0));
  const target = scaleTo100(values);
  if (!target) return [];
  const edits: FileEdit[] = [];
  for (let j = 0; j < values.length; j++) {
    if (typeof weights[j] !== 'number' || target[j] === values[j]) continue;
    const route = routes.items[j] as Node | null;
    const weight = isMap(route) ? route.get('weight', true) : undefined;
    const e = isScalar(weight) ? replaceScalar(src, weight, String(target[j])) : undefined;
    if (!e) return [];
    edits.push(e);
  }
  return edits.length ? [{ title: 'Normalize weights to 100', edits, preferred: true }] : [];
};

/**
 * Integer weights proportional to `values` that sum to exactly 100 (largest remainders get the
 * rounding, ties to the larger weight, then the earlier one); undefined when the values sum to 0.
 */
export function scaleTo100(values: readonly number[]): number[] | undefined {
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) return undefined;
  const exact = values.map((v) => (v * 100) / sum);
  const out = exact.map(Math.floor);
  let missing = 100 - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, j) => ({ j, frac: e - Math.floor(e) }))
    .filter((x) => x.frac > 0)
    .sort((a, b) => b.frac - a.frac || values[b.j]! - values[a.j]! || a.j - b.j);
  for (const { j } of order) {
    if (missing <= 0) break;
    out[j]!++;
    missing--;
  }
  return out;
}

/** Path `spec.<protocol>[i].route[0].weight`. */
export const removeLoneWeight: AnalysisFixer = (ctx) => {
  const { resource, path } = ctx;
  const src = sourceOf(ctx.index, resource);
  const found = lookup(resource.doc, path);
  if (!src || path[path.length - 1] !== 'weight' || !found?.pair || !isMap(found.parent)) return [];
  const edits = deleteMapPair(src, found.parent, found.pair);
  return edits ? [{ title: 'Remove the weight', edits, preferred: true }] : [];
};
