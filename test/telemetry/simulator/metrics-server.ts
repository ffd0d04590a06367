/**
 * A loopback `/metrics` endpoint serving a simulated mesh's Istio metrics for a live-scraping
 * Prometheus; counters advance with wall-clock time since the server started.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { prometheusText } from './exposition';
import { topologySeries, type SeriesSpec } from './series';
import type { SimTopology } from './topology';

export interface MetricsServer {
  url: string;
  port: number;
  /**
   * Replaces the simulated mesh (e.g. new error ratios). Counters are recomputed from the new rates since
   * the start, so a lower rate looks like a counter reset to Prometheus (which `rate` handles).
   */
  setTopology(topology: SimTopology): void;
  stop(): Promise<void>;
}

/**
 * Serves the topology's metrics. `startMs` is the simulation's start (default now): pass the start of a
 * backfilled range and the live counters continue the backfilled ones seamlessly.
 */
export async function startMetricsServer(
  topology: SimTopology,
  port = 0,
  startMs = Date.now(),
): Promise<MetricsServer> {
  const start = startMs;
  let series: SeriesSpec[] = topologySeries(topology);
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(prometheusText(series, (Date.now() - start) / 1000));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/metrics`,
    port: actual,
    setTopology(t) {
      series = topologySeries(t);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
