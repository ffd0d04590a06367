/**
 * One refresh of the service graph: the three telemetry queries (in parallel, cancellable), the model,
 * then the config overlay. Without a Prometheus client, or when it does not answer, the graph is built
 * from config alone (mode `config-only`) with a notice saying why; each refresh tries Prometheus again,
 * so the graph recovers by itself when it comes back. Pure: works on a ClusterSession and in tests.
 */
import { applyConfigOverlay } from './config-overlay';
import { buildGraphModel, type TelemetryVectors } from './graph-model';
import type { ServiceGraph } from './graph-types';
import type { MeshObjects } from './mesh-objects';
import { PrometheusError, type PrometheusClient } from './prometheus-client';
import { graphQueries, QUERIES_PER_REFRESH } from './queries';

export interface RefreshOptions {
  /** namespaces shown; empty: all */
  namespaces: readonly string[];
  /** rate window, e.g. `1m`, `5m` */
  window: string;
  /** evaluation time (ms since epoch); default now */
  time?: number;
  signal?: AbortSignal;
}

/** What the last refresh knew about Prometheus. */
export type TelemetryState =
  | { state: 'unconfigured'; message: string }
  | { state: 'ok'; target: string }
  | { state: 'unreachable'; target: string; message: string };

export interface GraphSourceOptions {
  /** undefined: config-only mode (`unconfiguredReason` says why) */
  prometheus?: PrometheusClient;
  unconfiguredReason?: string;
  /** the objects of the overlay, read at each refresh (watch cache + workspace files) */
  objects: () => MeshObjects | Promise<MeshObjects>;
  now?: () => number;
}

export class GraphSource {
  private last: TelemetryState;
  private readonly listeners = new Set<(s: TelemetryState) => void>();

  constructor(private readonly options: GraphSourceOptions) {
    this.last = options.prometheus
      ? { state: 'ok', target: options.prometheus.target }
      : { state: 'unconfigured', message: options.unconfiguredReason ?? 'Prometheus is not configured' };
  }

  /** Prometheus as of the last refresh. */
  get telemetry(): TelemetryState {
    return this.last;
  }

  /** Called when the telemetry state changes (ok ↔ unreachable). */
  onDidChangeTelemetry(listener: (s: TelemetryState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * The graph now. Rejects only when `signal` aborts (with a PrometheusError of kind `aborted`) or the
   * objects cannot be read; Prometheus failures give a config-only graph with a notice.
   */
  async refresh(o: RefreshOptions): Promise<ServiceGraph> {
    const time = o.time ?? (this.options.now ?? Date.now)();
    const model = { namespaces: o.namespaces, window: o.window, time };
    const prometheus = this.options.prometheus;
    // read alongside the queries; a failure surfaces at the await below, never as an unhandled rejection
    const objectsPromise = Promise.resolve().then(() => this.options.objects());
    objectsPromise.catch(() => undefined);
    let graph: ServiceGraph;
    if (!prometheus) {
      graph = { ...buildGraphModel(EMPTY, { ...model, queries: 0 }), mode: 'config-only' };
      graph.notices.push(
        `${this.options.unconfiguredReason ?? 'Prometheus is not configured'} — showing routing config only`,
      );
    } else {
      try {
        const vectors = await this.query(prometheus, o, time);
        graph = buildGraphModel(vectors, { ...model, queries: QUERIES_PER_REFRESH });
        this.setState({ state: 'ok', target: prometheus.target });
      } catch (err) {
        if (o.signal?.aborted || (err instanceof PrometheusError && err.kind === 'aborted')) {
          throw err instanceof PrometheusError
            ? err
            : new PrometheusError('aborted', 'the refresh was cancelled');
        }
        const message = err instanceof Error ? err.message : String(err);
        this.setState({ state: 'unreachable', target: prometheus.target, message });
        graph = {
          ...buildGraphModel(EMPTY, { ...model, queries: QUERIES_PER_REFRESH }),
          mode: 'config-only',
        };
        graph.notices.push(`Prometheus is not answering: ${message} — showing routing config only`);
      }
    }
    return applyConfigOverlay(graph, await objectsPromise);
  }

  private async query(p: PrometheusClient, o: RefreshOptions, time: number): Promise<TelemetryVectors> {
    const q = graphQueries(o);
    const controller = new AbortController();
    const signal = o.signal ? AbortSignal.any([o.signal, controller.signal]) : controller.signal;
    const run = (promql: string) =>
      p.query(promql, { time, signal }).catch((err: unknown) => {
        controller.abort(); // one failure is enough: stop the others
        throw err;
      });
    const [requests, latencyBuckets, tcp] = await Promise.all([
      run(q.requests),
      run(q.latencyBuckets),
      run(q.tcp),
    ]);
    return { requests, latencyBuckets, tcp };
  }

  private setState(s: TelemetryState): void {
    const changed =
      s.state !== this.last.state ||
      (s.state === 'unreachable' && this.last.state === 'unreachable' && s.message !== this.last.message);
    this.last = s;
    if (changed) for (const l of this.listeners) l(s);
  }
}

const EMPTY: TelemetryVectors = { requests: [], latencyBuckets: [], tcp: [] };
