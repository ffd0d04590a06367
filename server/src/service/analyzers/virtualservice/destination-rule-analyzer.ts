/**
 * virtualservice.DestinationRuleAnalyzer — IST0101 ReferencedResourceNotFound when a route or mirror
 * destination names a subset that no DestinationRule for that host defines. Hosts are compared as
 * istio's analyzers do: short names in the resource's namespace, cluster FQDNs by service and namespace.
 * Nothing is reported when neither the workspace nor a connected cluster holds any DestinationRule.
 */
import type { Analyzer, Finding, RelatedRef } from '../../analysis/analyzer';
import { resolveShortName, serviceRefFromHost } from '../../mesh/hosts';
import { asArray, asString, get, type MeshResource } from '../../workspace/resource';
import type { WorkspaceIndex } from '../../workspace/index';
import { mirrorDestinations, routeDestinations, type RouteDestination } from './route-destinations';

interface HostSubsets {
  subsets: Set<string>;
  rules: MeshResource[];
}

export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  analyze(ctx, report) {
    // A workspace with no DestinationRule at all keeps them elsewhere (another repository, the cluster
    // when none is connected): subsets cannot be judged there.
    if (!ctx.cluster && ctx.index.ofKind('DestinationRule', 'networking.istio.io').length === 0) return;
    const byHost = subsetsByHost(ctx.index);
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      for (const d of routeDestinations(vs.value)) checkSubset(vs, d, 'host', byHost, report);
      for (const d of mirrorDestinations(vs.value)) checkSubset(vs, d, 'mirror', byHost, report);
    }
  },
};

function hostKey(namespace: string, host: string): string {
  const ref = serviceRefFromHost(namespace, host);
  return `${ref.namespace}/${ref.name}`;
}

/** Subsets defined per host (`namespace/name`), with the DestinationRules defining them. */
function subsetsByHost(index: WorkspaceIndex): Map<string, HostSubsets> {
  const out = new Map<string, HostSubsets>();
  for (const dr of index.ofKind('DestinationRule', 'networking.istio.io')) {
    const host = asString(get(dr.value, 'spec', 'host')) ?? '';
    const key = hostKey(dr.namespace, resolveShortName(host, dr.namespace));
    const entry = out.get(key) ?? { subsets: new Set<string>(), rules: [] };
    for (const subset of asArray(get(dr.value, 'spec', 'subsets'))) {
      entry.subsets.add(asString(get(subset, 'name')) ?? '');
    }
    entry.rules.push(dr);
    out.set(key, entry);
  }
  return out;
}

function checkSubset(
  vs: MeshResource,
  d: RouteDestination,
  what: string,
  byHost: ReadonlyMap<string, HostSubsets>,
  report: (f: Finding) => void,
): void {
  const subset = asString(d.destination.subset);
  if (!subset) return;
  const host = asString(d.destination.host) ?? '';
  const known = byHost.get(hostKey(vs.namespace, host));
  if (known?.subsets.has(subset)) return;
  const defined = known?.subsets.size
    ? `defines only ${[...known.subsets].join(', ')}`
    : 'defines no subsets';
  report({
    message: 'ReferencedResourceNotFound',
    resource: vs,
    path: [...d.path, 'subset'],
    text: known
      ? `Referenced ${what}+subset not found: ${host}+${subset} (the DestinationRule for ${host} ${defined})`
      : `Referenced ${what}+subset not found: ${host}+${subset} (no DestinationRule for ${host} defines subsets)`,
    related: (known?.rules ?? []).map((dr): RelatedRef => ({
      resource: dr,
      path: ['spec', 'subsets'],
      message: `Subsets for ${host}`,
    })),
  });
}
