/**
 * Summaries of the traffic kinds (VirtualService, DestinationRule, Gateway, ServiceEntry) and the
 * cluster-wide index they consult: weights, subsets selecting no pods, undefined subsets, unmatched selectors.
 */
import { asArray, asLabels, asString, dig, labelsOf, matchesLabels, md } from './kube';
import type { NamespaceView } from './namespace';
import { nodeId, worst } from './nodes';
import type { ExplorerNode, KubeObject, Severity } from './types';

/** Cluster-wide lookups the summaries need (services and pods of other namespaces). */
export interface MeshIndex {
  service(namespace: string, name: string): KubeObject | undefined;
  pods(namespace: string): readonly KubeObject[];
  /** every pod in the cluster (gateway selectors are not namespace-scoped) */
  allPods(): readonly KubeObject[];
  /**
   * Subset names the DestinationRules define for a host ({@link hostKey}); `undefined` when
   * DestinationRules are not readable (nothing can be concluded).
   */
  subsets(hostKey: string): ReadonlySet<string> | undefined;
  podsReadable: boolean;
  servicesReadable: boolean;
}

/** Canonical form of a host for matching VirtualService destinations to DestinationRules. */
export function hostKey(host: string, namespace: string): string {
  const s = serviceOfHost(host, namespace);
  return s ? `${s.name}.${s.namespace}.svc` : host;
}

/** What a kind summary contributes to its item node. */
export interface Summary {
  description: string;
  /** markdown lines appended to the tooltip */
  details: string[];
  severity?: Severity;
  children?: ExplorerNode[];
  /** appended to the item's contextValue, e.g. `.canary` for traffic shifting (menus key on it) */
  contextSuffix?: string;
}

export type Summarize = (o: KubeObject, view: NamespaceView, index: MeshIndex, id: string) => Summary;

/**
 * Resolves a host to a Kubernetes Service (`name`, `name.ns`, `name.ns.svc[.<domain>]`), relative to the
 * namespace of the resource; `undefined` for other hosts (external, wildcard, ServiceEntry).
 */
export function serviceOfHost(
  host: string,
  namespace: string,
): { namespace: string; name: string } | undefined {
  if (!host || host.includes('*')) return undefined;
  const parts = host.split('.');
  if (parts.length === 1) return { namespace, name: parts[0] };
  if (parts.length === 2) return { namespace: parts[1], name: parts[0] };
  if (parts[2] === 'svc') return { namespace: parts[1], name: parts[0] };
  return undefined;
}

const short = (host: string, namespace: string): string => {
  const s = serviceOfHost(host, namespace);
  return s && s.namespace === namespace ? s.name : host;
};

/** `reviews v1 90% · v3 10%`: the weighted destinations of one route, host repeated only when it changes. */
export function weightsText(route: unknown[], namespace: string): string {
  let lastHost: string | undefined;
  return route
    .map((r) => {
      const host = short(asString(dig(r, 'destination', 'host')) ?? '?', namespace);
      const subset = asString(dig(r, 'destination', 'subset'));
      const weight = dig(r, 'weight');
      const target = [host !== lastHost ? host : undefined, subset].filter(Boolean).join(' ') || host;
      lastHost = host;
      return `${target} ${typeof weight === 'number' ? weight : 0}%`;
    })
    .join(' · ');
}

/** Destination subsets of a VirtualService that no DestinationRule defines (`host/subset`). */
function undefinedSubsets(o: KubeObject, ns: string, index: MeshIndex): string[] {
  const out = new Set<string>();
  for (const proto of ['http', 'tcp', 'tls']) {
    for (const rule of asArray(dig(o.spec, proto))) {
      for (const r of [
        ...asArray(dig(rule, 'route')),
        dig(rule, 'mirror') && { destination: dig(rule, 'mirror') },
      ]) {
        const host = asString(dig(r, 'destination', 'host'));
        const subset = asString(dig(r, 'destination', 'subset'));
        if (!host || !subset) continue;
        const known = index.subsets(hostKey(host, ns));
        if (known && !known.has(subset)) out.add(`${short(host, ns)}/${subset}`);
      }
    }
  }
  return [...out];
}

export const virtualService: Summarize = (o, _view, index) => {
  const ns = o.metadata.namespace ?? '';
  const missing = undefinedSubsets(o, ns, index);
  const hosts = asArray(dig(o.spec, 'hosts')).map(String);
  const gateways = asArray(dig(o.spec, 'gateways')).map(String);
  const shifts: string[] = [];
  for (const proto of ['http', 'tcp', 'tls']) {
    for (const rule of asArray(dig(o.spec, proto))) {
      const route = asArray(dig(rule, 'route'));
      if (route.length > 1) shifts.push(weightsText(route, ns));
    }
  }
  const base = hosts.join(', ') + (gateways.length ? ` · via ${gateways.join(', ')}` : '');
  return {
    description: shifts.length ? shifts.join(' | ') : base,
    details: [
      `Hosts: ${hosts.map((h) => `\`${h}\``).join(', ') || '_none_'}`,
      ...(gateways.length ? [`Gateways: ${gateways.map((g) => `\`${g}\``).join(', ')}`] : []),
      ...shifts.map((s) => `Traffic shifting: ${md(s)}`),
      ...missing.map((m) => `$(warning) Subset \`${m}\` is not defined by any DestinationRule.`),
    ],
    severity: missing.length ? 'warning' : undefined,
    contextSuffix: shifts.length ? '.canary' : undefined,
  };
};

export const destinationRule: Summarize = (o, view, index, id) => {
  const ns = o.metadata.namespace ?? view.name;
  const host = asString(dig(o.spec, 'host')) ?? '';
  const target = serviceOfHost(host, ns);
  const svc = target && index.service(target.namespace, target.name);
  const svcSelector = svc ? asLabels(dig(svc.spec, 'selector')) : undefined;
  const checkable = svc !== undefined && svcSelector !== undefined && index.podsReadable;
  const pods = checkable
    ? index.pods(target!.namespace).filter((p) => matchesLabels(labelsOf(p), svcSelector))
    : [];
  const empty: string[] = [];
  const children = asArray(dig(o.spec, 'subsets')).map((s): ExplorerNode => {
    const name = asString(dig(s, 'name')) ?? '?';
    const labels = asLabels(dig(s, 'labels'));
    const labelText = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const count = pods.filter((p) => matchesLabels(labelsOf(p), labels)).length;
    const none = checkable && count === 0;
    if (none) empty.push(name);
    return {
      id: nodeId(id, 'subset', name),
      kind: 'subset',
      label: name,
      description: [labelText, checkable ? `${count} pod${count === 1 ? '' : 's'}` : undefined]
        .filter(Boolean)
        .join(' · '),
      tooltip:
        `**Subset** \`${name}\` of \`${host}\`\n\nLabels: ${labelText ? `\`${labelText}\`` : '_none_'}` +
        (none ? `\n\n$(warning) Selects no pods of service \`${target!.namespace}/${target!.name}\`.` : ''),
      icon: none ? 'warning' : 'symbol-field',
      contextValue: 'meshwright.subset',
      severity: none ? 'warning' : undefined,
    };
  });
  const missingHost = target !== undefined && svc === undefined && index.servicesReadable;
  const names = children.map((c) => c.label);
  const parts = [host, names.length ? `subsets ${names.join(', ')}` : undefined];
  if (empty.length) parts.push(`⚠ ${empty.join(', ')} select${empty.length === 1 ? 's' : ''} no pods`);
  const tls = asString(dig(o.spec, 'trafficPolicy', 'tls', 'mode'));
  return {
    description: parts.filter(Boolean).join(' · '),
    details: [
      `Host: \`${host}\``,
      ...(tls ? [`TLS mode: \`${tls}\``] : []),
      ...(empty.length
        ? [
            `$(warning) Subset${empty.length === 1 ? '' : 's'} ${empty.map((e) => `\`${e}\``).join(', ')} select no pods.`,
          ]
        : []),
      ...(missingHost ? [`$(info) Host \`${host}\` matches no Service.`] : []),
    ],
    severity: worst(empty.length ? 'warning' : undefined, missingHost ? 'info' : undefined),
    children,
  };
};

export const gateway: Summarize = (o, _view, index) => {
  const selector = asLabels(dig(o.spec, 'selector'));
  const servers = asArray(dig(o.spec, 'servers')).map(
    (s) =>
      `${asString(dig(s, 'port', 'protocol')) ?? '?'} ${String(dig(s, 'port', 'number') ?? '?')} ` +
      asArray(dig(s, 'hosts')).map(String).join(','),
  );
  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  const unmatched =
    index.podsReadable &&
    sel.length > 0 &&
    !index.allPods().some((p) => matchesLabels(labelsOf(p), selector));
  return {
    description: servers.join(', '),
    details: [
      `Selector: ${sel.map((s) => `\`${s}\``).join(', ') || '_none_'}`,
      ...servers.map((s) => `Server: ${md(s)}`),
      ...(unmatched ? ['$(warning) The selector matches no gateway pod.'] : []),
    ],
    severity: unmatched ? 'warning' : undefined,
  };
};

export const serviceEntry: Summarize = (o) => {
  const hosts = asArray(dig(o.spec, 'hosts')).map(String);
  const location = asString(dig(o.spec, 'location')) ?? 'MESH_EXTERNAL';
  const resolution = asString(dig(o.spec, 'resolution')) ?? 'NONE';
  return {
    description: `${hosts.join(', ')} · ${location} · ${resolution}`,
    details: [
      `Hosts: ${hosts.map((h) => `\`${h}\``).join(', ')}`,
      `Location \`${location}\`, resolution \`${resolution}\``,
    ],
  };
};
