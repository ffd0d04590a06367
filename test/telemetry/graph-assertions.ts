/** Assertions of a telemetry graph against the simulated topology it was built from. */
import * as assert from 'node:assert/strict';
import type { ServiceGraph } from '../../client/src/graph/graph-types';
import { bucketIndex, expectedEdges, type SimTopology } from './simulator';

/** |actual − expected| ≤ 2% of expected (or ≤ 1e-9 when expected is 0). */
export function assertWithin2Percent(actual: number, expected: number, what: string): void {
  const tolerance = Math.max(1e-9, Math.abs(expected) * 0.02);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within 2% of ${expected}`);
}

/** The measured quantile lies in the histogram bucket of the true one or a neighbour. */
export function assertWithinOneBucket(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined, `${what}: no value`);
  const d = Math.abs(bucketIndex(actual) - bucketIndex(expected));
  assert.ok(d <= 1, `${what}: ${actual} ms is ${d} buckets away from ${expected.toFixed(2)} ms`);
}

export interface MatchFigures {
  edges: number;
  maxRateErrorPct: number;
  maxErrorRateDiff: number;
  p99BucketsOff: number[];
}

/** The telemetry edges (not configOnly) are exactly the simulated ones, with rates, errors, mTLS and p99 right. */
export function assertGraphMatchesTopology(graph: ServiceGraph, topology: SimTopology): MatchFigures {
  const expected = expectedEdges(topology);
  const seen = graph.edges.filter((e) => !e.configOnly);
  assert.deepEqual(seen.map((e) => e.id).sort(), [...expected.keys()].sort(), 'telemetry edges');
  const figures: MatchFigures = {
    edges: seen.length,
    maxRateErrorPct: 0,
    maxErrorRateDiff: 0,
    p99BucketsOff: [],
  };
  for (const e of seen) {
    const x = expected.get(e.id)!;
    assert.equal(e.protocol, x.protocol, `${e.id} protocol`);
    assertWithin2Percent(e.requestsPerSecond, x.requestsPerSecond, `${e.id} requests/s`);
    assertWithin2Percent(e.errorRate, x.errorRate, `${e.id} error rate`);
    if (x.requestsPerSecond > 0)
      figures.maxRateErrorPct = Math.max(
        figures.maxRateErrorPct,
        (100 * Math.abs(e.requestsPerSecond - x.requestsPerSecond)) / x.requestsPerSecond,
      );
    figures.maxErrorRateDiff = Math.max(figures.maxErrorRateDiff, Math.abs(e.errorRate - x.errorRate));
    if (x.mtlsShare === undefined) assert.equal(e.mtlsShare, undefined, `${e.id} mTLS share`);
    else assertWithin2Percent(e.mtlsShare ?? -1, x.mtlsShare, `${e.id} mTLS share`);
    if (x.bytesPerSecond !== undefined)
      assertWithin2Percent(e.bytesPerSecond ?? -1, x.bytesPerSecond, `${e.id} bytes/s`);
    if (x.p99 !== undefined) {
      assertWithinOneBucket(e.latency.p99, x.p99, `${e.id} p99`);
      assertWithinOneBucket(e.latency.p50, x.p50!, `${e.id} p50`);
      figures.p99BucketsOff.push(Math.abs(bucketIndex(e.latency.p99!) - bucketIndex(x.p99)));
    }
  }
  return figures;
}
