/**
 * Simulated meshes: who calls which service, at what rate, and how each destination workload (version)
 * answers (latency, error ratio), with mTLS per call. `bookinfoTopology` mirrors the emulator's
 * bookinfo seed (ingress → productpage → details, reviews v1/v2/v3 → ratings); `largeTopology` the
 * large seed (300 services `svc-N` in `team-N%20`, workloads `svc-N-v1`), with a seeded call graph.
 */
import { createRng } from '../../helpers/prng';
import type { LatencySpec } from './latency';

export interface SimWorkload {
  namespace: string;
  name: string;
  app: string;
  version?: string;
  /** has an istio-proxy sidecar (reports as source and destination) */
  sidecar: boolean;
  /** an ingress gateway: no sidecar, but its proxy reports as source */
  gateway?: boolean;
  latency: LatencySpec;
  /** share of requests answered with an error (5xx, or grpc-status 14 for gRPC) */
  errorRatio: number;
}

export type SimTarget =
  | { kind: 'service'; namespace: string; name: string }
  /** a ServiceEntry host: no destination workload, reported by the source only */
  | { kind: 'external'; host: string; namespace: string };

export interface SimCall {
  /** undefined: a client outside the mesh (`unknown` source) */
  source?: SimWorkload;
  target: SimTarget;
  protocol: 'http' | 'grpc' | 'tcp';
  /** requests per second (HTTP/gRPC) */
  rps: number;
  /** TCP: bytes per second sent + received */
  bytesPerSecond?: number;
  mtls: boolean;
  /** destination workloads and their share of the calls (sum 1); empty for external targets */
  destinations: { workload: SimWorkload; share: number }[];
  /** latency/errors of an external target */
  external?: { latency: LatencySpec; errorRatio: number };
}

export interface SimTopology {
  name: string;
  workloads: SimWorkload[];
  calls: SimCall[];
}

export interface BookinfoOptions {
  /** requests per second through the ingress gateway (default 10) */
  rps?: number;
  /** share of reviews calls per version (default the seed's VirtualService: v1 0.9, v3 0.1) */
  reviews?: { v1: number; v2: number; v3: number };
  /** per workload name: latency and error ratio overrides */
  workloads?: Record<string, Partial<Pick<SimWorkload, 'latency' | 'errorRatio'>>>;
  /** mTLS for every call (default true); `mtlsOff` lists source workload names that call in plain text */
  mtls?: boolean;
  mtlsOff?: string[];
  /** productpage → details over gRPC */
  detailsGrpc?: boolean;
  /** add ratings-v1 → mongodb (TCP, bytes/s) */
  tcpBytesPerSecond?: number;
  /** add productpage-v1 → this ServiceEntry host (HTTP, 1 rps) */
  externalHost?: string;
}

const DEFAULTS: Record<string, Pick<SimWorkload, 'latency' | 'errorRatio'>> = {
  'productpage-v1': { latency: { medianMs: 30, p99Ms: 200 }, errorRatio: 0 },
  'details-v1': { latency: { medianMs: 5, p99Ms: 25 }, errorRatio: 0.01 },
  'reviews-v1': { latency: { medianMs: 10, p99Ms: 60 }, errorRatio: 0 },
  'reviews-v2': { latency: { medianMs: 20, p99Ms: 120 }, errorRatio: 0 },
  'reviews-v3': { latency: { medianMs: 40, p99Ms: 300 }, errorRatio: 0.05 },
  'ratings-v1': { latency: { medianMs: 3, p99Ms: 15 }, errorRatio: 0 },
  'mongodb-v1': { latency: { medianMs: 1, p99Ms: 5 }, errorRatio: 0 },
};

export function bookinfoTopology(o: BookinfoOptions = {}): SimTopology {
  const rps = o.rps ?? 10;
  const split = o.reviews ?? { v1: 0.9, v2: 0, v3: 0.1 };
  const wl = (app: string, version: string): SimWorkload => {
    const name = `${app}-${version}`;
    return {
      namespace: 'bookinfo',
      name,
      app,
      version,
      sidecar: true,
      ...DEFAULTS[name]!,
      ...o.workloads?.[name],
    };
  };
  const ingress: SimWorkload = {
    namespace: 'istio-system',
    name: 'istio-ingressgateway',
    app: 'istio-ingressgateway',
    sidecar: false,
    gateway: true,
    latency: { medianMs: 1, p99Ms: 5 },
    errorRatio: 0,
  };
  const [productpage, details, r1, r2, r3, ratings] = [
    wl('productpage', 'v1'),
    wl('details', 'v1'),
    wl('reviews', 'v1'),
    wl('reviews', 'v2'),
    wl('reviews', 'v3'),
    wl('ratings', 'v1'),
  ] as const;
  const workloads = [ingress, productpage, details, r1, r2, r3, ratings];
  const mtls = (source: SimWorkload) => (o.mtls ?? true) && !(o.mtlsOff ?? []).includes(source.name);
  const svc = (name: string): SimTarget => ({ kind: 'service', namespace: 'bookinfo', name });
  const call = (
    source: SimWorkload,
    target: string,
    r: number,
    dests: [SimWorkload, number][],
    protocol: SimCall['protocol'] = 'http',
  ): SimCall => ({
    source,
    target: svc(target),
    protocol,
    rps: r,
    mtls: mtls(source),
    destinations: dests.filter(([, share]) => share > 0).map(([workload, share]) => ({ workload, share })),
  });
  const calls: SimCall[] = [
    call(ingress, 'productpage', rps, [[productpage, 1]]),
    call(productpage, 'details', rps, [[details, 1]], o.detailsGrpc ? 'grpc' : 'http'),
    call(productpage, 'reviews', rps, [
      [r1, split.v1],
      [r2, split.v2],
      [r3, split.v3],
    ]),
  ];
  for (const [reviews, share] of [
    [r2, split.v2],
    [r3, split.v3],
  ] as const)
    if (share > 0) calls.push(call(reviews, 'ratings', rps * share, [[ratings, 1]]));
  if (o.tcpBytesPerSecond) {
    const mongodb = wl('mongodb', 'v1');
    workloads.push(mongodb);
    calls.push({
      ...call(ratings, 'mongodb', 0, [[mongodb, 1]], 'tcp'),
      bytesPerSecond: o.tcpBytesPerSecond,
    });
  }
  if (o.externalHost)
    calls.push({
      source: productpage,
      target: { kind: 'external', host: o.externalHost, namespace: 'bookinfo' },
      protocol: 'http',
      rps: 1,
      mtls: false,
      destinations: [],
      external: { latency: { medianMs: 80, p99Ms: 400 }, errorRatio: 0.1 },
    });
  return { name: 'bookinfo', workloads, calls };
}

export interface LargeOptions {
  seed?: number;
  /** services (default 300, like the emulator's large seed) */
  services?: number;
  namespaces?: number;
  mtls?: boolean;
}

/** The large seed's services with a seeded call graph: each service calls 1–3 later ones; ten are entry points. */
export function largeTopology(o: LargeOptions = {}): SimTopology {
  const rng = createRng(o.seed ?? 1);
  const count = o.services ?? 300;
  const nsCount = o.namespaces ?? 20;
  const workloads: SimWorkload[] = [];
  for (let s = 0; s < count; s++) {
    const median = 2 + rng.int(0, 40);
    workloads.push({
      namespace: `team-${s % nsCount}`,
      name: `svc-${s}-v1`,
      app: `svc-${s}`,
      version: 'v1',
      sidecar: true,
      latency: { medianMs: median, p99Ms: median * (3 + rng.int(0, 5)) },
      errorRatio: rng.chance(0.2) ? rng.int(1, 10) / 100 : 0,
    });
  }
  const target = (w: SimWorkload): SimTarget => ({ kind: 'service', namespace: w.namespace, name: w.app });
  const calls: SimCall[] = [];
  for (let s = 0; s < Math.min(10, count); s++)
    calls.push({
      target: target(workloads[s]!),
      protocol: 'http',
      rps: 5 + rng.int(0, 20),
      mtls: false,
      destinations: [{ workload: workloads[s]!, share: 1 }],
    });
  for (let s = 0; s < count - 1; s++) {
    const callees = rng.sample(workloads.slice(s + 1, Math.min(count, s + 40)), rng.int(1, 3));
    for (const callee of callees)
      calls.push({
        source: workloads[s],
        target: target(callee),
        protocol: rng.chance(0.1) ? 'grpc' : 'http',
        rps: rng.int(1, 50) / 2,
        mtls: o.mtls ?? true,
        destinations: [{ workload: callee, share: 1 }],
      });
  }
  return { name: 'large', workloads, calls };
}
