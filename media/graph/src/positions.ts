/** Pure position helpers of the layout (no DOM, no workers): unit-tested in plain Node. */

export interface Point {
  x: number;
  y: number;
}

/**
 * Keep known nodes where they are (the user may have moved them) and place new nodes relative to a
 * known node of the fresh layout: the same offset from it as in the fresh layout. Without a known
 * anchor, the fresh layout's positions are used unchanged.
 */
export function mergePositions(
  fresh: Map<string, Point>,
  known: ReadonlyMap<string, Point>,
  neighbours: (id: string) => string[],
): Map<string, Point> {
  const result = new Map<string, Point>();
  for (const [id, point] of fresh) {
    const kept = known.get(id);
    if (kept) {
      result.set(id, kept);
      continue;
    }
    const anchor = neighbours(id).find((n) => known.has(n) && fresh.has(n));
    if (!anchor) {
      result.set(id, point);
      continue;
    }
    const a = fresh.get(anchor)!;
    const k = known.get(anchor)!;
    result.set(id, { x: k.x + point.x - a.x, y: k.y + point.y - a.y });
  }
  return result;
}

/**
 * Split `sizes` (work per job) over `bins` workers, largest first onto the least loaded (LPT), and
 * return the worker index of each job.
 */
export function assignJobs(sizes: number[], bins: number): number[] {
  const load = new Array<number>(bins).fill(0);
  const assignment = new Array<number>(sizes.length).fill(0);
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => b.size - a.size);
  for (const { size, index } of order) {
    const bin = load.indexOf(Math.min(...load));
    assignment[index] = bin;
    load[bin] += size;
  }
  return assignment;
}
