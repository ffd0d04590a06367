/**
 * A deterministic synthetic mesh for the rendering benchmark: `namespaces` namespaces of services and
 * their workloads in call tiers (frontends → middle tiers → backends), most calls inside a namespace,
 * some across, a canary split (weights) per namespace, a few config-only edges, errors and latencies.
 */
import type { GraphEdge, GraphNode, ServiceGraph } from '../../client/src/graph/graph-types';

/** Park–Miller PRNG: same graph on every run. */
function prng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

export function syntheticGraph(nodeCount = 1000, edgeCount = 3000, namespaces = 10, tiers = 6): ServiceGraph {
  const random = prng(42);
  const nodes: GraphNode[] = [];
  const tierOf = new Map<string, number>();
  for (let i = 0; i < nodeCount; i++) {
    const namespace = `ns-${i % namespaces}`;
    const kind = i % 3 === 0 ? 'service' : 'workload';
    const name = `svc-${Math.floor(i / namespaces)}`;
    const id = `${kind}:${namespace}/${name}${kind === 'workload' ? '-v1' : ''}`;
    tierOf.set(id, Math.min(tiers - 1, Math.floor(random() * tiers)));
    nodes.push({
      id,
      kind,
      namespace,
      name: kind === 'workload' ? `${name}-v1` : name,
      app: name,
      version: kind === 'workload' ? 'v1' : undefined,
      hasSidecar: random() > 0.05,
      requestsPerSecond: 0,
      errorRate: 0,
      idle: false,
      resources: [
        kind === 'service'
          ? { apiVersion: 'v1', kind: 'Service', namespace, name }
          : { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: `${name}-v1` },
      ],
    });
  }
  const byNamespaceTier = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const key = `${n.namespace}/${tierOf.get(n.id)}`;
    byNamespaceTier.set(key, [...(byNamespaceTier.get(key) ?? []), n]);
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (edges.length < edgeCount && guard++ < edgeCount * 50) {
    const source = nodes[Math.floor(random() * nodes.length)];
    const tier = tierOf.get(source.id)!;
    if (tier === tiers - 1) continue;
    const namespace = random() < 0.8 ? source.namespace : `ns-${Math.floor(random() * namespaces)}`;
    const candidates = byNamespaceTier.get(`${namespace}/${tier + 1 + (random() < 0.2 ? 1 : 0)}`) ?? [];
    const target = candidates[Math.floor(random() * candidates.length)];
    if (!target || seen.has(`${source.id}->${target.id}`)) continue;
    seen.add(`${source.id}->${target.id}`);
    const rps = Math.round(random() * 5000) / 100;
    const errorRate = random() < 0.1 ? random() * 0.1 : 0;
    const configOnly = random() < 0.03;
    edges.push({
      id: `${source.id}->${target.id}`,
      source: source.id,
      target: target.id,
      protocol: random() < 0.9 ? 'http' : 'grpc',
      requestsPerSecond: configOnly ? 0 : rps,
      errorRate: configOnly ? 0 : errorRate,
      responseCodes: configOnly ? {} : { '200': rps * (1 - errorRate), '503': rps * errorRate },
      latency: configOnly
        ? {}
        : { p50: 5 + random() * 20, p95: 20 + random() * 100, p99: 50 + random() * 400 },
      mtlsShare: random() < 0.8 ? 1 : 0,
      configOnly,
      config: random() < 0.05 ? { weight: random() < 0.5 ? 90 : 10 } : {},
    });
  }
  for (const e of edges) {
    const target = nodes.find((n) => n.id === e.target)!;
    target.requestsPerSecond += e.requestsPerSecond;
  }
  for (const n of nodes) n.idle = n.requestsPerSecond === 0;
  return {
    nodes,
    edges,
    namespaces: [...new Set(nodes.map((n) => n.namespace))],
    window: '5m',
    time: Date.UTC(2026, 0, 1),
    mode: 'telemetry',
    notices: [],
    queries: 4,
  };
}

/** The same graph with every rate changed (same nodes and edges): an in-place refresh. */
export function withNewRates(graph: ServiceGraph, factor: number): ServiceGraph {
  return {
    ...graph,
    time: graph.time + 30_000,
    edges: graph.edges.map((e) => ({ ...e, requestsPerSecond: e.requestsPerSecond * factor })),
    nodes: graph.nodes.map((n) => ({ ...n, requestsPerSecond: n.requestsPerSecond * factor })),
  };
}
