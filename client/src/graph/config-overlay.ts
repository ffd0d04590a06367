/**
 * The config overlay: Kubernetes and Istio objects → what routing config says about the graph. It adds
 * the workloads and services of the shown namespaces (idle when telemetry has not seen them), the
 * edges routing implies (a Service to the workloads it selects; a VirtualService's routes to their
 * destinations, with weights, faults, retries and timeouts; a Gateway's VirtualService from the ingress
 * gateway), DestinationRule circuit breaking and outlier detection on the edges into a service's
 * workloads, and ServiceEntry hosts as external nodes. Edges telemetry has not seen are `configOnly`
 * (drawn dashed), so the graph is useful with no traffic and with no Prometheus at all. Objects read
 * from workspace files (mesh-objects.ts `markSource`) give refs naming the file. Pure.
 */
import type { KubeObject } from '../cluster/transport';
import { circuitBreakerText, faultText, retriesText } from './config-text';
import {
  blankEdge,
  blankNode,
  edgeId,
  externalId,
  ingressId,
  isIngressName,
  serviceId,
  workloadId,
} from './graph-ids';
import type { EdgeConfig, GraphEdge, GraphNode, GraphResourceRef, ServiceGraph } from './graph-types';
import { sourceOf, type MeshObjects } from './mesh-objects';

type Obj = Record<string, unknown>;
type Labels = Record<string, string>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const labelsOf = (v: unknown): Labels => obj(v) as Labels;
const nsOf = (o: KubeObject): string => o.metadata.namespace ?? 'default';
const nameOf = (o: KubeObject): string => o.metadata.name ?? '';
const matches = (labels: Labels, selector: Labels): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const ref = (o: KubeObject, apiVersion: string, kind: string): GraphResourceRef => {
  const r: GraphResourceRef = {
    apiVersion: o.apiVersion ?? apiVersion,
    kind: o.kind ?? kind,
    namespace: nsOf(o),
    name: nameOf(o),
  };
  const file = sourceOf(o);
  if (file) r.file = file;
  return r;
};

interface Workload {
  obj: KubeObject;
  node: GraphNode;
  ns: string;
  labels: Labels;
}

interface Service {
  obj: KubeObject;
  ns: string;
  name: string;
  selector: Labels | undefined;
}

/** Where a host of a route points: a service of the cluster or an external (ServiceEntry) host. */
type HostTarget = { kind: 'service'; service: Service } | { kind: 'external'; host: string };

class Overlay {
  private readonly nodes: Map<string, GraphNode>;
  private readonly edges: Map<string, GraphEdge>;
  private readonly workloads: Workload[] = [];
  private readonly workloadsByNs = new Map<string, Workload[]>();
  private readonly services = new Map<string, Service>();
  private readonly externalHosts = new Map<string, KubeObject>();
  private readonly show: (ns: string) => boolean;

  constructor(
    private readonly graph: ServiceGraph,
    private readonly objects: MeshObjects,
  ) {
    this.nodes = new Map(graph.nodes.map((n) => [n.id, { ...n, resources: [...n.resources] }]));
    this.edges = new Map(graph.edges.map((e) => [e.id, { ...e, config: { ...e.config } }]));
    const shown = new Set(graph.namespaces);
    this.show = (ns) => shown.size === 0 || shown.has(ns);
  }

  private node(n: GraphNode): GraphNode {
    const known = this.nodes.get(n.id);
    if (known) {
      known.app ??= n.app;
      known.version ??= n.version;
      known.hasSidecar ??= n.hasSidecar;
      return known;
    }
    this.nodes.set(n.id, n);
    return n;
  }

  private addResource(n: GraphNode, r: GraphResourceRef): void {
    const same = (x: GraphResourceRef) =>
      x.kind === r.kind && x.namespace === r.namespace && x.name === r.name;
    if (!n.resources.some(same)) n.resources.push(r);
  }

  /** The edge, created config-only when telemetry has not seen it. */
  private edge(source: string, target: string): GraphEdge {
    const id = edgeId(source, target);
    let e = this.edges.get(id);
    if (!e) {
      e = blankEdge(source, target, { configOnly: true });
      this.edges.set(id, e);
    }
    return e;
  }

  indexWorkloads(): void {
    const podsByNs = new Map<string, KubeObject[]>();
    for (const p of this.objects.pods) {
      if (!podsByNs.has(nsOf(p))) podsByNs.set(nsOf(p), []);
      podsByNs.get(nsOf(p))!.push(p);
    }
    for (const o of this.objects.workloads) {
      const ns = nsOf(o);
      const spec = obj(o.spec);
      const labels = labelsOf(obj(obj(spec.template).metadata).labels ?? o.metadata.labels);
      const selector = labelsOf(obj(spec.selector).matchLabels);
      const own = (podsByNs.get(ns) ?? []).filter((p) => matches(labelsOf(p.metadata.labels), selector));
      const hasSidecar = own.length
        ? own.some((p) =>
            [...arr(obj(p.spec).containers), ...arr(obj(p.spec).initContainers)].some(
              (c) => obj(c).name === 'istio-proxy',
            ),
          )
        : undefined;
      const name = nameOf(o);
      const ingress = labels.istio === 'ingressgateway' || isIngressName(name);
      const node = blankNode(
        ingress ? ingressId(ns, name) : workloadId(ns, name),
        ingress ? 'ingress' : 'workload',
        ns,
        name,
        {
          app: labels['service.istio.io/canonical-name'] ?? labels.app,
          version: ingress ? undefined : (labels['service.istio.io/canonical-revision'] ?? labels.version),
          hasSidecar,
        },
      );
      const w: Workload = { obj: o, node, ns, labels };
      this.workloads.push(w);
      if (!this.workloadsByNs.has(ns)) this.workloadsByNs.set(ns, []);
      this.workloadsByNs.get(ns)!.push(w);
    }
    for (const o of this.objects.services) {
      const selector = obj(o.spec).selector;
      const s: Service = {
        obj: o,
        ns: nsOf(o),
        name: nameOf(o),
        selector: selector ? labelsOf(selector) : undefined,
      };
      this.services.set(`${s.ns}/${s.name}`, s);
    }
    for (const se of this.objects.serviceEntries)
      for (const h of arr(obj(se.spec).hosts)) if (typeof h === 'string') this.externalHosts.set(h, se);
  }

  /** Shown workloads and services become nodes (with their objects) even without telemetry. */
  addObjects(): void {
    for (const w of this.workloads) {
      const n = this.nodes.get(w.node.id);
      if (!n && !this.show(w.ns)) continue;
      const node = this.node(w.node);
      this.addResource(node, ref(w.obj, 'apps/v1', 'Deployment'));
    }
    for (const s of this.services.values()) {
      if (!this.show(s.ns) && !this.nodes.has(serviceId(s.ns, s.name))) continue;
      this.addResource(
        this.node(blankNode(serviceId(s.ns, s.name), 'service', s.ns, s.name)),
        ref(s.obj, 'v1', 'Service'),
      );
    }
    for (const [host, se] of this.externalHosts) {
      if (!this.show(nsOf(se)) && !this.nodes.has(externalId(host))) continue;
      this.addResource(
        this.node(blankNode(externalId(host), 'external', '', host)),
        ref(se, 'networking.istio.io/v1', 'ServiceEntry'),
      );
    }
  }

  /** A route host as written in an object of namespace `ns`: short name, `name.ns`, FQDN or external. */
  resolveHost(host: string, ns: string): HostTarget | undefined {
    const parts = host.split('.');
    const fqdn = /^[^.]+\.[^.]+\.svc(\.cluster\.local)?$/.test(host);
    const key =
      parts.length === 1
        ? `${ns}/${host}`
        : parts.length === 2 || fqdn
          ? `${parts[1]}/${parts[0]}`
          : undefined;
    const service = key ? this.services.get(key) : undefined;
    if (service) return { kind: 'service', service };
    if (this.externalHosts.has(host)) return { kind: 'external', host };
    return undefined;
  }

  private workloadsOf(s: Service, subset: Labels = {}): Workload[] {
    if (!s.selector || !Object.keys(s.selector).length) return [];
    return (this.workloadsByNs.get(s.ns) ?? []).filter(
      (w) => matches(w.labels, s.selector!) && matches(w.labels, subset),
    );
  }

  private destinationRule(s: Service): KubeObject | undefined {
    return (
      this.objects.destinationRules.find(
        (d) => nsOf(d) === s.ns && this.sameService(obj(d.spec).host, nsOf(d), s),
      ) ?? this.objects.destinationRules.find((d) => this.sameService(obj(d.spec).host, nsOf(d), s))
    );
  }

  private sameService(host: unknown, ns: string, s: Service): boolean {
    if (typeof host !== 'string') return false;
    const t = this.resolveHost(host, ns);
    return t?.kind === 'service' && t.service === s;
  }

  /** Subset labels and the trafficPolicy in force for them (subset's over the rule's). */
  private subset(dr: KubeObject | undefined, name: string | undefined): { labels: Labels; policy: unknown } {
    const spec = obj(dr?.spec);
    const sub = name
      ? arr(spec.subsets)
          .map(obj)
          .find((x) => x.name === name)
      : undefined;
    return { labels: labelsOf(sub?.labels), policy: sub?.trafficPolicy ?? spec.trafficPolicy };
  }

  /** Edges of a service into its workloads: from its VirtualService routes when it has some, else its selector. */
  applyRouting(): void {
    const routed = new Set<Service>();
    for (const vs of this.objects.virtualServices) {
      const ns = nsOf(vs);
      const spec = obj(vs.spec);
      const gateways = arr(spec.gateways).filter((g): g is string => typeof g === 'string');
      const mesh = !gateways.length || gateways.includes('mesh');
      const vsRef = ref(vs, 'networking.istio.io/v1', 'VirtualService');
      const hosts = arr(spec.hosts)
        .filter((h): h is string => typeof h === 'string')
        .map((h) => this.resolveHost(h, ns))
        .filter((t): t is Extract<HostTarget, { kind: 'service' }> => t?.kind === 'service');
      const ingresses = this.gatewayWorkloads(
        gateways.filter((g) => g !== 'mesh'),
        ns,
      );
      for (const route of [...arr(spec.http), ...arr(spec.tcp), ...arr(spec.tls)].map(obj)) {
        const dests = arr(route.route).map(obj);
        const routeConfig: EdgeConfig = { virtualService: vsRef };
        const faults = faultText(route.fault);
        if (faults.length) routeConfig.faults = faults;
        const retries = retriesText(route.retries);
        if (retries) routeConfig.retries = retries;
        if (typeof route.timeout === 'string') routeConfig.timeout = route.timeout;
        for (const d of dests) {
          const dest = obj(d.destination);
          if (typeof dest.host !== 'string') continue;
          const target = this.resolveHost(dest.host, ns);
          if (!target) continue;
          const weight = typeof d.weight === 'number' ? d.weight : dests.length > 1 ? 0 : 100;
          const config: EdgeConfig = {
            ...routeConfig,
            ...(dests.length > 1 || weight < 100 ? { weight } : {}),
          };
          if (weight === 0 && dests.length > 1) continue;
          const subset = typeof dest.subset === 'string' ? dest.subset : undefined;
          if (mesh && this.show(ns)) {
            for (const h of hosts) {
              routed.add(h.service);
              this.route(serviceId(h.service.ns, h.service.name), target, subset, config);
            }
          }
          // the gateway's routes into shown namespaces (or declared in one)
          const shownTarget = target.kind === 'external' || this.show(target.service.ns) || this.show(ns);
          for (const ingress of shownTarget ? ingresses : []) {
            const to =
              target.kind === 'service'
                ? serviceId(target.service.ns, target.service.name)
                : externalId(target.host);
            this.ensureTarget(target);
            this.merge(this.edge(ingress, to), config);
          }
        }
      }
    }
    for (const s of this.services.values()) {
      if (routed.has(s) || !this.show(s.ns)) continue;
      this.route(serviceId(s.ns, s.name), { kind: 'service', service: s }, undefined, {});
    }
  }

  private ensureTarget(t: HostTarget): void {
    if (t.kind === 'external') this.node(blankNode(externalId(t.host), 'external', '', t.host));
    else
      this.node(blankNode(serviceId(t.service.ns, t.service.name), 'service', t.service.ns, t.service.name));
  }

  /** Edges `from → (subset) workloads of target` (or `from → target` for another service or an external host). */
  private route(from: string, target: HostTarget, subset: string | undefined, config: EdgeConfig): void {
    this.ensureTarget(target);
    if (target.kind === 'external') return this.merge(this.edge(from, externalId(target.host)), config);
    const s = target.service;
    if (from !== serviceId(s.ns, s.name)) return this.merge(this.edge(from, serviceId(s.ns, s.name)), config);
    const dr = this.destinationRule(s);
    const { labels, policy } = this.subset(dr, subset);
    if (subset && !Object.keys(labels).length) return; // unknown subset: routing to it fails, no edge
    for (const w of this.workloadsOf(s, labels)) {
      const node = this.node(w.node);
      const e = this.edge(from, node.id);
      const drConfig: EdgeConfig = {};
      if (dr) {
        drConfig.destinationRule = ref(dr, 'networking.istio.io/v1', 'DestinationRule');
        const cb = circuitBreakerText(policy);
        if (cb) drConfig.circuitBreaker = cb;
      }
      this.merge(e, { ...config, ...drConfig });
    }
  }

  private merge(e: GraphEdge, c: EdgeConfig): void {
    const into = e.config;
    into.weight ??= c.weight; // the first route to the destination sets its share
    into.virtualService ??= c.virtualService;
    into.destinationRule ??= c.destinationRule;
    if (c.faults) into.faults = [...new Set([...(into.faults ?? []), ...c.faults])];
    into.retries ??= c.retries;
    into.timeout ??= c.timeout;
    into.circuitBreaker ??= c.circuitBreaker;
  }

  /** Node ids of the ingress workloads a VirtualService's gateways (`name` or `ns/name`) select. */
  private gatewayWorkloads(names: string[], ns: string): string[] {
    const ids: string[] = [];
    for (const g of names) {
      const [gns, gname] = g.includes('/') ? g.split('/') : [ns, g];
      const gw = this.objects.gateways.find((x) => nsOf(x) === gns && nameOf(x) === gname);
      const selector = labelsOf(obj(gw?.spec).selector);
      if (!gw || !Object.keys(selector).length) continue;
      for (const w of this.workloads) if (matches(w.labels, selector)) ids.push(this.node(w.node).id);
    }
    return ids;
  }

  result(): ServiceGraph {
    return {
      ...this.graph,
      nodes: [...this.nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...this.edges.values()].sort((a, b) => a.id.localeCompare(b.id)),
    };
  }
}

/** The graph with the config overlay applied (a new graph; the input is not changed). */
export function applyConfigOverlay(graph: ServiceGraph, objects: MeshObjects): ServiceGraph {
  const o = new Overlay(graph, objects);
  o.indexWorkloads();
  o.addObjects();
  o.applyRouting();
  return o.result();
}
