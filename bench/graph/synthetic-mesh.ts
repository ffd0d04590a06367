/**
 * A deterministic synthetic mesh of a given size as the graph model's inputs: the query results
 * (shaped exactly like Prometheus's answers to queries.ts) and the cluster objects of the overlay.
 * Exactly `nodes` nodes (an ingress gateway, services and their 1–2 versioned workloads) and `edges`
 * edges (service → workload for every workload, the rest caller → service). `syntheticServiceGraph`
 * runs them through the real model and overlay: a 1,000-node / 3,000-edge ServiceGraph for anyone's
 * benchmark (layout, first paint).
 */
import type { KubeObject } from '../../client/src/cluster/transport';
import { applyConfigOverlay } from '../../client/src/graph/config-overlay';
import { buildGraphModel, type TelemetryVectors } from '../../client/src/graph/graph-model';
import type { ServiceGraph } from '../../client/src/graph/graph-types';
import type { MeshObjects } from '../../client/src/graph/mesh-objects';
import type { PromSample } from '../../client/src/graph/prometheus-client';
import { QUERIES_PER_REFRESH } from '../../client/src/graph/queries';
import { ISTIO_BUCKETS_MS, latencyCdf } from '../../test/telemetry/simulator';
import { createRng } from '../../test/helpers/prng';

export interface SyntheticMeshOptions {
  nodes?: number;
  edges?: number;
  namespaces?: number;
  seed?: number;
}

export interface SyntheticMesh {
  vectors: TelemetryVectors;
  objects: MeshObjects;
  namespaces: string[];
  /** node and edge counts the model must produce */
  expected: { nodes: number; edges: number };
}

interface Svc {
  ns: string;
  name: string;
  versions: string[];
}

export function syntheticMesh(o: SyntheticMeshOptions = {}): SyntheticMesh {
  const nodeCount = o.nodes ?? 1000;
  const edgeCount = o.edges ?? 3000;
  const nsCount = o.namespaces ?? 20;
  const rng = createRng(o.seed ?? 42);
  // one ingress; each service brings itself and 1 or 2 workloads (every third has a v2)
  const services: Svc[] = [];
  let nodes = 1;
  for (let i = 0; nodes < nodeCount; i++) {
    const two = i % 3 === 0 && nodes + 3 <= nodeCount;
    const versions = nodes + 2 <= nodeCount ? (two ? ['v1', 'v2'] : ['v1']) : [];
    services.push({ ns: `ns-${i % nsCount}`, name: `svc-${i}`, versions });
    nodes += 1 + versions.length;
  }
  const workloads = services.flatMap((s) =>
    s.versions.map((v) => ({ svc: s, version: v, name: `${s.name}-${v}` })),
  );
  const callEdges = edgeCount - workloads.length;
  if (callEdges < services.length)
    throw new Error(`${edgeCount} edges cannot connect ${services.length} services`);
  // every service gets a caller (the ingress for the first few, else an earlier workload), then random pairs
  const calls = new Set<string>();
  const pairs: [string, Svc][] = [];
  const add = (caller: string, s: Svc) => {
    const key = `${caller}>${s.ns}/${s.name}`;
    if (calls.has(key)) return false;
    calls.add(key);
    pairs.push([caller, s]);
    return true;
  };
  const callerOf = (w: (typeof workloads)[number]) => `${w.svc.ns}/${w.name}`;
  services.forEach((s, i) => {
    const earlier = workloads.filter((w) => services.indexOf(w.svc) < i);
    add(
      i < 10 || !earlier.length
        ? 'istio-system/istio-ingressgateway'
        : callerOf(earlier[rng.int(0, earlier.length - 1)]!),
      s,
    );
  });
  while (pairs.length < callEdges)
    add(callerOf(workloads[rng.int(0, workloads.length - 1)]!), services[rng.int(0, services.length - 1)]!);

  const requests: PromSample[] = [];
  const latencyBuckets: PromSample[] = [];
  /** cumulative bucket rates of `rps` requests with a log-normal latency (median, p99 = 6 × median) */
  const buckets = (metric: Record<string, string>, rps: number, medianMs: number) => {
    const latency = { medianMs, p99Ms: medianMs * 6 };
    for (const le of ISTIO_BUCKETS_MS)
      latencyBuckets.push({ metric: { ...metric, le: String(le) }, value: rps * latencyCdf(latency, le) });
    latencyBuckets.push({ metric: { ...metric, le: '+Inf' }, value: rps });
  };
  for (const [caller, s] of pairs) {
    const [cns, cname] = caller.split('/') as [string, string];
    const dest = {
      destination_service: `${s.name}.${s.ns}.svc.cluster.local`,
      destination_service_name: s.name,
      destination_service_namespace: s.ns,
    };
    const src = { reporter: 'destination', source_workload: cname, source_workload_namespace: cns };
    const rps = 1 + rng.int(0, 100) / 10;
    const protocol = rng.chance(0.1) ? 'grpc' : 'http';
    for (const v of s.versions) {
      const share = s.versions.length === 2 ? (v === 'v1' ? 0.8 : 0.2) : 1;
      const wl = {
        destination_workload: `${s.name}-${v}`,
        destination_workload_namespace: s.ns,
        destination_version: v,
      };
      const metric = {
        ...src,
        source_canonical_service: cname.replace(/-v\d$/, ''),
        ...dest,
        ...wl,
        destination_canonical_service: s.name,
        request_protocol: protocol,
        connection_security_policy: rng.chance(0.9) ? 'mutual_tls' : 'none',
      };
      const errors = rng.chance(0.2) ? rng.int(1, 10) / 100 : 0;
      requests.push({ metric: { ...metric, response_code: '200' }, value: rps * share * (1 - errors) });
      if (errors) requests.push({ metric: { ...metric, response_code: '503' }, value: rps * share * errors });
      buckets(
        {
          ...src,
          ...dest,
          destination_workload: wl.destination_workload,
          destination_workload_namespace: s.ns,
        },
        rps * share,
        4 + rng.int(0, 40),
      );
    }
  }
  return {
    vectors: { requests, latencyBuckets, tcp: [] },
    objects: meshObjects(services),
    namespaces: [...new Set(services.map((s) => s.ns))].sort(),
    expected: { nodes: nodeCount, edges: edgeCount },
  };
}

/** Services, Deployments and one pod per workload (with a sidecar), and the ingress gateway. */
function meshObjects(services: Svc[]): MeshObjects {
  const meta = (ns: string, name: string, labels: Record<string, string> = {}) => ({
    name,
    namespace: ns,
    labels,
  });
  const deployment = (ns: string, name: string, labels: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(ns, name, labels),
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {} } },
  });
  const pod = (ns: string, name: string, labels: Record<string, string>, sidecar: boolean): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(ns, `${name}-abc12`, labels),
    spec: { containers: [{ name: 'app' }, ...(sidecar ? [{ name: 'istio-proxy' }] : [])] },
  });
  const gw = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
  const out: MeshObjects = {
    services: [],
    workloads: [deployment('istio-system', 'istio-ingressgateway', gw)],
    pods: [pod('istio-system', 'istio-ingressgateway', gw, false)],
    virtualServices: [],
    destinationRules: [],
    serviceEntries: [],
    gateways: [],
  };
  for (const s of services) {
    out.services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(s.ns, s.name),
      spec: { selector: { app: s.name }, ports: [{ port: 8080 }] },
    });
    for (const v of s.versions) {
      const labels = { app: s.name, version: v };
      out.workloads.push(deployment(s.ns, `${s.name}-${v}`, labels));
      out.pods.push(pod(s.ns, `${s.name}-${v}`, labels, true));
    }
  }
  return out;
}

/** The synthetic mesh through the real model and config overlay (telemetry mode, all namespaces). */
export function syntheticServiceGraph(o: SyntheticMeshOptions = {}): ServiceGraph {
  const mesh = syntheticMesh(o);
  const graph = buildGraphModel(mesh.vectors, {
    namespaces: mesh.namespaces,
    window: '5m',
    time: Date.now(),
    queries: QUERIES_PER_REFRESH,
  });
  return applyConfigOverlay(graph, mesh.objects);
}
