/** The gates' instant query over a Prometheus client: the sum of the vector, undefined when empty or NaN. */
import type { PrometheusClient } from '../graph/prometheus-client';
import type { InstantQuery } from './gates';

export function instantQuery(client: PrometheusClient): InstantQuery {
  return async (promql, signal) => {
    const samples = await client.query(promql, { signal });
    const values = samples.map((s) => s.value).filter((v) => Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  };
}
