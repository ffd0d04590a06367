/**
 * What the graph of a simulated mesh must show, computed from the topology alone (not from metrics):
 * the edges (`source → service → workload`, node ids as in graph-ids.ts), their rates, error shares,
 * mTLS shares, protocols, TCP bytes and true latency quantiles.
 */
import { mixtureQuantile, type LatencySpec } from './latency';
import type { SimCall, SimTopology, SimWorkload } from './topology';

export interface ExpectedEdge {
  id: string;
  protocol: 'http' | 'grpc' | 'tcp';
  requestsPerSecond: number;
  errorRate: number;
  /** undefined when only the source reports (no destination sidecar) */
  mtlsShare?: number;
  bytesPerSecond?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

const sourceId = (w: SimWorkload | undefined) =>
  !w ? 'unknown' : w.gateway ? `ingress:${w.namespace}/${w.name}` : `workload:${w.namespace}/${w.name}`;
const targetId = (c: SimCall) =>
  c.target.kind === 'service'
    ? `service:${c.target.namespace}/${c.target.name}`
    : `external:${c.target.host}`;

interface Acc {
  /** traffic per protocol: the edge shows the busiest */
  protocols: Map<ExpectedEdge['protocol'], number>;
  rps: number;
  errors: number;
  mtls: number;
  secured: number;
  bytes: number;
  parts: { weight: number; latency: LatencySpec }[];
}

export function expectedEdges(topology: SimTopology): Map<string, ExpectedEdge> {
  const acc = new Map<string, Acc>();
  const add = (
    id: string,
    c: SimCall,
    share: number,
    latency: LatencySpec,
    errorRatio: number,
    reportedByDestination: boolean,
  ) => {
    const a: Acc = acc.get(id) ?? {
      protocols: new Map(),
      rps: 0,
      errors: 0,
      mtls: 0,
      secured: 0,
      bytes: 0,
      parts: [],
    };
    const tcp = c.protocol === 'tcp';
    const amount = tcp ? (c.bytesPerSecond ?? 0) * share : c.rps * share;
    a.protocols.set(c.protocol, (a.protocols.get(c.protocol) ?? 0) + (tcp ? 0 : amount));
    if (tcp) a.bytes += amount;
    else {
      a.rps += amount;
      a.errors += amount * errorRatio;
      a.parts.push({ weight: amount, latency });
    }
    if (reportedByDestination) {
      a.secured += amount;
      if (c.mtls) a.mtls += amount;
    }
    acc.set(id, a);
  };
  for (const c of topology.calls) {
    const src = sourceId(c.source);
    const svc = targetId(c);
    if (!c.destinations.length)
      add(`${src}->${svc}`, c, 1, c.external!.latency, c.external!.errorRatio, false);
    for (const d of c.destinations) {
      const wl = `workload:${d.workload.namespace}/${d.workload.name}`;
      const byDestination = d.workload.sidecar;
      add(`${src}->${svc}`, c, d.share, d.workload.latency, d.workload.errorRatio, byDestination);
      add(`${svc}->${wl}`, c, d.share, d.workload.latency, d.workload.errorRatio, byDestination);
    }
  }
  const out = new Map<string, ExpectedEdge>();
  for (const [id, a] of acc) {
    const e: ExpectedEdge = {
      id,
      protocol: [...a.protocols].sort((x, y) => y[1] - x[1])[0]![0],
      requestsPerSecond: a.rps,
      errorRate: a.rps > 0 ? a.errors / a.rps : 0,
      mtlsShare: a.secured > 0 ? a.mtls / a.secured : undefined,
    };
    if (a.bytes > 0) e.bytesPerSecond = a.bytes;
    if (a.parts.length) {
      e.p50 = mixtureQuantile(a.parts, 0.5);
      e.p95 = mixtureQuantile(a.parts, 0.95);
      e.p99 = mixtureQuantile(a.parts, 0.99);
    }
    out.set(id, e);
  }
  return out;
}

/** Node ids the telemetry graph must hold: every endpoint of an expected edge. */
export function expectedNodeIds(topology: SimTopology): Set<string> {
  return new Set([...expectedEdges(topology).keys()].flatMap((id) => id.split('->')));
}
