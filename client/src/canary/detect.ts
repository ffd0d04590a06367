/**
 * Finding canaries in a VirtualService: routes (http, tcp, tls) with two or more weighted destinations.
 * Routes of one VirtualService that split the same set of destinations form one canary and move
 * together. Which destination is the canary: the `meshwright.io/canary` annotation (`host`,
 * `host/subset` or `subset`), else the canary of the last recorded step (so a canary at 100% is still
 * known), else the one carrying less weight than the stable (the largest), else the last one.
 * Pure: a plain object in, plain data out.
 */
import { HISTORY_ANNOTATION, parseHistory } from './history';

export const CANARY_ANNOTATION = 'meshwright.io/canary';

export type RouteSection = 'http' | 'tcp' | 'tls';

export interface Destination {
  host: string;
  subset?: string;
  port?: number;
}

/** One weighted destination of one route: where its `weight` lives in the object. */
export interface WeightedDestination extends Destination {
  section: RouteSection;
  /** index of the route rule in spec[section] */
  rule: number;
  /** index of the destination in the rule's `route` list */
  index: number;
  weight: number;
}

export interface Canary {
  /** `host/subset` of the stable and canary destinations */
  stable: Destination;
  canary: Destination;
  /** every weighted destination entry of the routes that split this set (moved together) */
  entries: WeightedDestination[];
  /** current weight of the canary (percent), taken from the first route */
  canaryWeight: number;
  /** the rule indexes, per section, that move together */
  rules: { section: RouteSection; rule: number; name?: string }[];
  /** destinations other than stable and canary in those routes (their weights stay as they are) */
  others: Destination[];
}

export const destinationKey = (d: Destination): string => `${d.host}${d.subset ? `/${d.subset}` : ''}`;

/** A Kubernetes service host in full (`reviews` in bookinfo → `reviews.bookinfo.svc.cluster.local`). */
export function fullHost(host: string, namespace: string): string {
  const parts = host.split('.');
  if (host.includes('*')) return host;
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.cluster.local`;
  return host;
}

/** Whether two destination keys (`host/subset`) name the same destination seen from `namespace`. */
export function sameDestinationKey(a: string, b: string, namespace: string): boolean {
  if (a === b) return true;
  const split = (k: string) => {
    const i = k.indexOf('/');
    return i < 0 ? [k, ''] : [k.slice(0, i), k.slice(i + 1)];
  };
  const [ha, sa] = split(a);
  const [hb, sb] = split(b);
  return sa === sb && fullHost(ha!, namespace) === fullHost(hb!, namespace);
}

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function destinationOf(route: unknown): Destination | undefined {
  const d = rec(rec(route).destination);
  if (typeof d.host !== 'string' || !d.host) return undefined;
  const port = rec(d.port).number;
  return {
    host: d.host,
    ...(typeof d.subset === 'string' && d.subset ? { subset: d.subset } : {}),
    ...(typeof port === 'number' ? { port } : {}),
  };
}

/** Does an annotation value name this destination? (`host/subset`, `host`, or a bare subset) */
function named(d: Destination, value: string): boolean {
  return value === destinationKey(d) || value === d.host || (!!d.subset && value === d.subset);
}

/** The canaries of a VirtualService object (its `spec` and `metadata.annotations` are read). */
export function detectCanaries(vs: { metadata?: unknown; spec?: unknown }): Canary[] {
  const spec = rec(vs.spec);
  const annotations = rec(rec(vs.metadata).annotations);
  const explicit = annotations[CANARY_ANNOTATION];
  const recorded = parseHistory(annotations[HISTORY_ANNOTATION]).at(-1)?.canary;
  const annotation = typeof explicit === 'string' ? explicit : recorded;
  const groups = new Map<string, WeightedDestination[][]>();
  const ruleInfo = new Map<string, Canary['rules']>();
  for (const section of ['http', 'tcp', 'tls'] as const) {
    arr(spec[section]).forEach((rule, ruleIndex) => {
      const routes = arr(rec(rule).route);
      if (routes.length < 2) return;
      const entries: WeightedDestination[] = [];
      routes.forEach((r, index) => {
        const d = destinationOf(r);
        const weight = rec(r).weight;
        if (d)
          entries.push({
            ...d,
            section,
            rule: ruleIndex,
            index,
            weight: typeof weight === 'number' ? weight : 0,
          });
      });
      if (entries.length < 2) return;
      const key = entries.map(destinationKey).sort().join('|');
      if (!groups.has(key)) {
        groups.set(key, []);
        ruleInfo.set(key, []);
      }
      groups.get(key)!.push(entries);
      const name = rec(rule).name;
      ruleInfo.get(key)!.push({ section, rule: ruleIndex, ...(typeof name === 'string' ? { name } : {}) });
    });
  }
  const canaries: Canary[] = [];
  for (const [key, routeSets] of groups) {
    const first = routeSets[0]!;
    const byWeight = [...first].sort((a, b) => b.weight - a.weight);
    const annotated = typeof annotation === 'string' ? first.find((d) => named(d, annotation)) : undefined;
    const canary =
      annotated ??
      (byWeight[0]!.weight > byWeight[1]!.weight ? byWeight[byWeight.length - 1]! : first[first.length - 1]!);
    const stable = byWeight.find((d) => d !== canary)!;
    const strip = (d: WeightedDestination): Destination => ({
      host: d.host,
      ...(d.subset ? { subset: d.subset } : {}),
      ...(d.port !== undefined ? { port: d.port } : {}),
    });
    canaries.push({
      stable: strip(stable),
      canary: strip(canary),
      entries: routeSets.flat(),
      canaryWeight: canary.weight,
      rules: ruleInfo.get(key)!,
      others: first.filter((d) => d !== canary && d !== stable).map(strip),
    });
  }
  return canaries;
}
