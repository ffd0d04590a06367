/**
 * gateway.ConflictingGatewayAnalyzer — IST0145 (ConflictingGateways) when two Gateways that apply to
 * the same gateway workload (same selector, or selectors both matching one pod) declare a server on
 * the same port with the same host and bind address: istiod keeps only one of them.
 * Each conflicting server is reported on its first duplicated host, with the other Gateways related.
 */
import type { Analyzer, Finding, RelatedRef } from '../../analysis/analyzer';
import { labelsMatch } from '../../mesh/selectors';
import { formatSelector, runtimePods } from '../../mesh/runtime-objects';
import { displayName, type MeshResource } from '../../workspace/resource';
import { gatewaySelector, gatewayServers, istioGateways, type GatewayServer } from './gateway-spec';

interface GatewayInfo {
  resource: MeshResource;
  selector: Record<string, string>;
  selectorText: string;
  servers: GatewayServer[];
  /** The pods (indices into the runtime pods) the selector picks. */
  pods: Set<number>;
}

export const conflictingGatewayAnalyzer: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  analyze(ctx, report) {
    const pods = runtimePods(ctx);
    const gateways: GatewayInfo[] = istioGateways(ctx.index).map((resource) => {
      const selector = gatewaySelector(resource);
      return {
        resource,
        selector,
        selectorText: formatSelector(selector),
        servers: gatewayServers(resource),
        pods: new Set(pods.flatMap((pod, i) => (labelsMatch(selector, pod.labels) ? [i] : []))),
      };
    });
    for (const gw of gateways) {
      const peers = gateways.filter(
        (other) => other !== gw && !sameName(gw, other) && sameWorkload(gw, other),
      );
      for (const server of gw.servers) checkServer(gw, server, peers, report);
    }
  },
};

function sameName(a: GatewayInfo, b: GatewayInfo): boolean {
  return a.resource.namespace === b.resource.namespace && a.resource.name === b.resource.name;
}

/** Whether both Gateways configure one gateway workload: equal selectors, or a pod both select. */
function sameWorkload(a: GatewayInfo, b: GatewayInfo): boolean {
  if (a.selectorText === b.selectorText) return true;
  const [small, large] = a.pods.size <= b.pods.size ? [a.pods, b.pods] : [b.pods, a.pods];
  for (const pod of small) if (large.has(pod)) return true;
  return false;
}

const portOf = (server: GatewayServer) => server.port ?? 0;

function checkServer(
  gw: GatewayInfo,
  server: GatewayServer,
  peers: readonly GatewayInfo[],
  report: (f: Finding) => void,
): void {
  let firstHost: number | undefined;
  const conflicting: { peer: GatewayInfo; related: RelatedRef }[] = [];
  for (const peer of peers) {
    const clash = duplicateHost(server, peer);
    if (!clash) continue;
    firstHost = Math.min(firstHost ?? clash.hostIndex, clash.hostIndex);
    conflicting.push({
      peer,
      related: {
        resource: peer.resource,
        path: ['spec', 'servers', clash.peerServer.index, 'hosts', clash.peerHostIndex],
        message: `Gateway ${displayName(peer.resource)} also serves ${server.hosts[clash.hostIndex]} on port ${portOf(server)}`,
      },
    });
  }
  if (firstHost === undefined) return;
  const names = conflicting.map((c) => displayName(c.peer.resource)).sort();
  report({
    message: 'ConflictingGateways',
    resource: gw.resource,
    path: ['spec', 'servers', server.index, 'hosts', firstHost],
    text:
      `This server conflicts with Gateway(s) ${names.join(', ')}: same workload (selector '${gw.selectorText}'), ` +
      `port ${portOf(server)} and host(s) ${server.hosts.join(', ')}; only one of them takes effect`,
    related: conflicting.map((c) => c.related),
  });
}

/** The first host of `server` that a server of `peer` declares on the same port and bind address. */
function duplicateHost(server: GatewayServer, peer: GatewayInfo) {
  for (const [hostIndex, host] of server.hosts.entries()) {
    for (const peerServer of peer.servers) {
      if (portOf(peerServer) !== portOf(server) || peerServer.bind !== server.bind) continue;
      const peerHostIndex = peerServer.hosts.indexOf(host);
      if (peerHostIndex >= 0) return { hostIndex, peerServer, peerHostIndex };
    }
  }
  return undefined;
}
