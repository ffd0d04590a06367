/**
 * Prometheus's `histogram_quantile` on the client: the same algorithm (cumulative buckets, linear
 * interpolation inside the bucket holding the rank, the lowest bucket starting at 0, the +Inf bucket
 * answering the highest finite bound), so one bucket query serves p50, p95 and p99 of every edge
 * grouping instead of three server-side evaluations per grouping.
 */

/** Cumulative bucket counts (or rates) by the `le` label as sent (`"0.5"`, `"+Inf"`): parsed once per histogram. */
export type Buckets = Map<string, number>;

/** Adds the value of a `le` bucket series into `into`. */
export function addBucket(into: Buckets, le: string, value: number): void {
  if (Number.isFinite(value)) into.set(le, (into.get(le) ?? 0) + value);
}

const bound = (le: string): number => (le === '+Inf' ? Infinity : Number(le));

/** The q-quantile, NaN when there is no +Inf bucket or no observation (like Prometheus). */
export function histogramQuantile(q: number, buckets: Buckets): number {
  return histogramQuantiles([q], buckets)[0]!;
}

/** Several quantiles of one histogram (sorted and made monotonic once). */
export function histogramQuantiles(qs: readonly number[], buckets: Buckets): number[] {
  const sorted: [number, number][] = [];
  for (const [le, v] of buckets) if (!Number.isNaN(bound(le))) sorted.push([bound(le), v]);
  sorted.sort((a, b) => a[0] - b[0]);
  // counts must not decrease (float noise of sums of rates): carry the maximum forward
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]![1] < sorted[i - 1]![1]) sorted[i]![1] = sorted[i - 1]![1];
  return qs.map((q) => quantileOfSorted(q, sorted));
}

function quantileOfSorted(q: number, sorted: [number, number][]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (sorted.length < 2 || sorted.at(-1)![0] !== Infinity) return Number.NaN;
  const total = sorted.at(-1)![1];
  if (!(total > 0)) return Number.NaN;
  let rank = q * total;
  const b = sorted.findIndex(([, count]) => count >= rank);
  if (b === sorted.length - 1) return sorted[sorted.length - 2]![0];
  const [upper, count] = sorted[b]!;
  if (b === 0 && upper <= 0) return upper;
  const lower = b === 0 ? 0 : sorted[b - 1]![0];
  const below = b === 0 ? 0 : sorted[b - 1]![1];
  rank -= below;
  const inBucket = count - below;
  return inBucket > 0 ? lower + (upper - lower) * (rank / inBucket) : upper;
}
