/**
 * The Istio standard metrics a simulated mesh produces, as Envoy sidecars would report them: for every
 * (source, destination service, destination workload, response code, protocol, mTLS) combination,
 * `istio_requests_total` and `istio_request_duration_milliseconds` reported by the destination sidecar
 * (`reporter="destination"`, with `connection_security_policy`) and by the source proxy
 * (`reporter="source"`, policy `unknown`), and TCP byte counters for TCP calls. Counters grow linearly
 * with time, so any rate over any window is exact; histograms hold the exact CDF of the latency.
 */
import { ISTIO_BUCKETS_MS, latencyCdf, latencyMean, type LatencySpec } from './latency';
import type { SimCall, SimTopology, SimWorkload } from './topology';

export type Family =
  | 'istio_requests_total'
  | 'istio_request_duration_milliseconds'
  | 'istio_tcp_sent_bytes_total'
  | 'istio_tcp_received_bytes_total';

/** One counter or histogram series: labels and increase per second. */
export interface SeriesSpec {
  family: Family;
  labels: Record<string, string>;
  /** per second: requests, observations or bytes */
  rate: number;
  /** histograms: the latency distribution of the observations */
  latency?: LatencySpec;
}

/** Counters start as if the mesh had run this long, so rates never extrapolate below zero. */
export const COUNTER_OFFSET_S = 3600;

function sourceLabels(w: SimWorkload | undefined): Record<string, string> {
  if (!w)
    return {
      source_workload: 'unknown',
      source_workload_namespace: 'unknown',
      source_app: 'unknown',
      source_version: 'unknown',
      source_canonical_service: 'unknown',
      source_canonical_revision: 'latest',
    };
  return {
    source_workload: w.name,
    source_workload_namespace: w.namespace,
    source_app: w.app,
    source_version: w.version ?? 'unknown',
    source_canonical_service: w.app,
    source_canonical_revision: w.version ?? 'latest',
  };
}

function destinationLabels(call: SimCall, w: SimWorkload | undefined): Record<string, string> {
  const t = call.target;
  const service =
    t.kind === 'service'
      ? {
          destination_service: `${t.name}.${t.namespace}.svc.cluster.local`,
          destination_service_name: t.name,
          destination_service_namespace: t.namespace,
        }
      : {
          destination_service: t.host,
          destination_service_name: t.host,
          destination_service_namespace: t.namespace,
        };
  return {
    ...service,
    destination_workload: w?.name ?? 'unknown',
    destination_workload_namespace: w?.namespace ?? 'unknown',
    destination_app: w?.app ?? 'unknown',
    destination_version: w?.version ?? 'unknown',
    destination_canonical_service: w?.app ?? 'unknown',
    destination_canonical_revision: w?.version ?? 'latest',
  };
}

/** Who reports a call's traffic: the destination sidecar, the source proxy (sidecar or gateway), or both. */
function reporters(call: SimCall, w: SimWorkload | undefined): ('destination' | 'source')[] {
  const out: ('destination' | 'source')[] = [];
  if (w?.sidecar) out.push('destination');
  if (call.source && (call.source.sidecar || call.source.gateway)) out.push('source');
  return out;
}

/** Every series the topology produces. */
export function topologySeries(topology: SimTopology): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (const call of topology.calls) {
    const dests: { workload?: SimWorkload; share: number; latency: LatencySpec; errorRatio: number }[] = call
      .destinations.length
      ? call.destinations.map((d) => ({
          ...d,
          latency: d.workload.latency,
          errorRatio: d.workload.errorRatio,
        }))
      : [{ share: 1, latency: call.external!.latency, errorRatio: call.external!.errorRatio }];
    for (const d of dests) {
      for (const reporter of reporters(call, d.workload)) {
        const base = {
          reporter,
          ...sourceLabels(call.source),
          ...destinationLabels(call, d.workload),
          connection_security_policy: reporter === 'source' ? 'unknown' : call.mtls ? 'mutual_tls' : 'none',
          response_flags: '-',
        };
        if (call.protocol === 'tcp') {
          const bytes = (call.bytesPerSecond ?? 0) * d.share;
          const tcp = { ...base, request_protocol: 'tcp' };
          out.push({ family: 'istio_tcp_sent_bytes_total', labels: tcp, rate: bytes * 0.4 });
          out.push({ family: 'istio_tcp_received_bytes_total', labels: tcp, rate: bytes * 0.6 });
          continue;
        }
        const outcomes =
          call.protocol === 'grpc'
            ? [
                { response_code: '200', grpc_response_status: '0', share: 1 - d.errorRatio },
                { response_code: '200', grpc_response_status: '14', share: d.errorRatio },
              ]
            : [
                { response_code: '200', share: 1 - d.errorRatio },
                { response_code: '503', share: d.errorRatio },
              ];
        for (const { share, ...codeLabels } of outcomes) {
          if (share <= 0) continue;
          const labels = { ...base, request_protocol: call.protocol, ...codeLabels };
          if (codeLabels.response_code === '503') labels.response_flags = 'UF';
          const rate = call.rps * d.share * share;
          out.push({ family: 'istio_requests_total', labels, rate });
          out.push({ family: 'istio_request_duration_milliseconds', labels, rate, latency: d.latency });
        }
      }
    }
  }
  return out;
}

/** A sample line's name, labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of one series `elapsedS` seconds after the simulation started (histograms: buckets, sum, count). */
export function samplesAt(s: SeriesSpec, elapsedS: number): Sample[] {
  const count = s.rate * (elapsedS + COUNTER_OFFSET_S);
  if (s.family !== 'istio_request_duration_milliseconds')
    return [{ name: s.family, labels: s.labels, value: count }];
  const out: Sample[] = ISTIO_BUCKETS_MS.map((le) => ({
    name: `${s.family}_bucket`,
    labels: { ...s.labels, le: String(le) },
    value: count * latencyCdf(s.latency!, le),
  }));
  out.push({ name: `${s.family}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: count });
  out.push({ name: `${s.family}_sum`, labels: s.labels, value: count * latencyMean(s.latency!) });
  out.push({ name: `${s.family}_count`, labels: s.labels, value: count });
  return out;
}
