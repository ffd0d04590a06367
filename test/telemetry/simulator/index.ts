/** The traffic simulator: simulated Istio meshes, their metrics (live or backfilled) and the expected graph. */
export {
  bookinfoTopology,
  largeTopology,
  type SimTopology,
  type SimCall,
  type SimWorkload,
} from './topology';
export { topologySeries, samplesAt, COUNTER_OFFSET_S, type SeriesSpec } from './series';
export { prometheusText, writeOpenMetrics, type BackfillRange } from './exposition';
export { startMetricsServer, type MetricsServer } from './metrics-server';
export { expectedEdges, expectedNodeIds, type ExpectedEdge } from './expected';
export { ISTIO_BUCKETS_MS, bucketIndex, latencyCdf, mixtureQuantile } from './latency';
