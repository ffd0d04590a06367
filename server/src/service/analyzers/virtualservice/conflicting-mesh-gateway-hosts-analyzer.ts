/**
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer — IST0109 ConflictingMeshGatewayVirtualServiceHosts
 * when several VirtualServices bound to the `mesh` gateway (no `gateways`, or `mesh` listed) claim the
 * same host in the same namespace scope (their exportTo), or a namespace-scoped host overlaps a host
 * exported to every namespace. Sidecar routing for such hosts is undefined. Each VirtualService is
 * reported once, on the conflicting host.
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { hostsOverlap } from '../../mesh/hosts';
import {
  EXPORT_TO_ALL,
  exportScopes,
  exportToOf,
  scopedFqdn,
  splitScopedFqdn,
  stringList,
} from '../../mesh/service-registry';
import { displayName, get, type MeshResource } from '../../workspace/resource';
import type { WorkspaceIndex } from '../../workspace/index';

const MESH_GATEWAY = 'mesh';

interface HostClaim {
  vs: MeshResource;
  /** Index of the host in `spec.hosts`. */
  hostIndex: number;
}

export const conflictingMeshGatewayHostsAnalyzer: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  analyze(ctx, report) {
    const claims = meshGatewayHostClaims(ctx.index);
    const reported = new Set<MeshResource>();
    for (const [key, own] of claims) {
      const { scope, fqdn } = splitScopedFqdn(key);
      const all = scope === EXPORT_TO_ALL ? own : [...own, ...exportedToAllOverlapping(claims, fqdn)];
      if (all.length < 2) continue;
      for (const claim of all) {
        if (reported.has(claim.vs)) continue;
        reported.add(claim.vs);
        reportConflict(claim, all, fqdn, report);
      }
    }
  },
};

/** Hosts of mesh-bound VirtualServices by scoped FQDN (scope: `*` or a namespace from exportTo). */
function meshGatewayHostClaims(index: WorkspaceIndex): Map<string, HostClaim[]> {
  const claims = new Map<string, HostClaim[]>();
  for (const vs of index.ofKind('VirtualService', 'networking.istio.io')) {
    const gateways = stringList(get(vs.value, 'spec', 'gateways'));
    if (gateways.length > 0 && !gateways.includes(MESH_GATEWAY)) continue;
    for (const scope of exportScopes(exportToOf(vs), vs.namespace)) {
      stringList(get(vs.value, 'spec', 'hosts')).forEach((host, hostIndex) => {
        const key = scopedFqdn(scope, vs.namespace, host);
        const list = claims.get(key) ?? [];
        list.push({ vs, hostIndex });
        claims.set(key, list);
      });
    }
  }
  return claims;
}

/** Claims on hosts exported to every namespace that overlap `fqdn` (wildcards included). */
function exportedToAllOverlapping(claims: ReadonlyMap<string, HostClaim[]>, fqdn: string): HostClaim[] {
  const out: HostClaim[] = [];
  for (const [key, list] of claims) {
    const other = splitScopedFqdn(key);
    if (other.scope === EXPORT_TO_ALL && hostsOverlap(fqdn, other.fqdn)) out.push(...list);
  }
  return out;
}

function reportConflict(
  claim: HostClaim,
  all: readonly HostClaim[],
  fqdn: string,
  report: (f: Finding) => void,
): void {
  const others = all.filter((c) => c !== claim);
  const names = [...new Set(others.map((c) => displayName(c.vs)))].join(', ');
  report({
    message: 'ConflictingMeshGatewayVirtualServiceHosts',
    resource: claim.vs,
    path: ['spec', 'hosts', claim.hostIndex],
    text:
      `Host '${fqdn}' is also claimed for the mesh gateway by VirtualService ${names}; ` +
      'sidecars route it unpredictably: merge them into one VirtualService or narrow exportTo',
    related: others.map((c) => ({
      resource: c.vs,
      path: ['spec', 'hosts', c.hostIndex],
      message: `Also claims ${fqdn}`,
    })),
  });
}
