/**
 * gateway.CertificateAnalyzer — IST0138 (GatewayDuplicateCertificate) when a Gateway's TLS server uses
 * the same certificate (same `credentialName`, or same `serverCertificate` and `privateKey` files) as
 * a TLS server of another Gateway applying to the same workloads (the other's selector includes all of
 * this one's labels; an empty selector applies everywhere). With HTTP/2 connection reuse, clients may
 * then send requests for one Gateway's hosts to the other, and get 404s.
 */
import type { Analyzer, Finding, FieldPath } from '../../analysis/analyzer';
import { asString, displayName, type MeshResource } from '../../workspace/resource';
import { gatewaySelector, gatewayServers, istioGateways, type GatewayServer } from './gateway-spec';

interface TlsGateway {
  resource: MeshResource;
  selector: Record<string, string>;
  servers: GatewayServer[];
}

export const certificateAnalyzer: Analyzer = {
  name: 'gateway.CertificateAnalyzer',
  analyze(ctx, report) {
    const gateways: TlsGateway[] = istioGateways(ctx.index).map((resource) => ({
      resource,
      selector: gatewaySelector(resource),
      servers: gatewayServers(resource).filter((s) => s.tls),
    }));
    for (const gw of gateways) {
      const peers = gateways.filter(
        (other) => !sameName(gw, other) && selectorSubset(gw.selector, other.selector),
      );
      for (const server of gw.servers) checkServer(gw, server, peers, report);
    }
  },
};

function sameName(a: TlsGateway, b: TlsGateway): boolean {
  return a.resource.namespace === b.resource.namespace && a.resource.name === b.resource.name;
}

/** Every label of `sub` is in `sup` with the same value (an empty `sub` is a subset of anything). */
function selectorSubset(sub: Record<string, string>, sup: Record<string, string>): boolean {
  return Object.entries(sub).every(([k, v]) => sup[k] === v);
}

function checkServer(
  gw: TlsGateway,
  server: GatewayServer,
  peers: readonly TlsGateway[],
  report: (f: Finding) => void,
) {
  const sharing = peers.flatMap((peer) => {
    const other = peer.servers.find((s) => sameCertificate(server.tls!, s.tls!));
    return other ? [{ peer, other }] : [];
  });
  if (!sharing.length) return;
  const what = certificateLabel(server.tls!);
  report({
    message: 'GatewayDuplicateCertificate',
    resource: gw.resource,
    path: certificatePath(server),
    text:
      `${what} is also used by Gateway(s) ${sharing.map((s) => displayName(s.peer.resource)).join(', ')} ` +
      `on the same workload; with HTTP/2 connection reuse this may cause 404s`,
    related: sharing.map(({ peer, other }) => ({
      resource: peer.resource,
      path: certificatePath(other),
      message: `Gateway ${displayName(peer.resource)} uses the same certificate`,
    })),
  });
}

function tlsField(tls: Record<string, unknown>, field: string): string {
  return asString(tls[field]) ?? '';
}

/** istio's rule: equal credential names, or (without credential names) equal certificate and key files. */
function sameCertificate(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const [ca, cb] = [tlsField(a, 'credentialName'), tlsField(b, 'credentialName')];
  if (ca && cb) return ca === cb;
  if (ca || cb) return false;
  const [sa, sb] = [tlsField(a, 'serverCertificate'), tlsField(b, 'serverCertificate')];
  const [ka, kb] = [tlsField(a, 'privateKey'), tlsField(b, 'privateKey')];
  return !!sa && sa === sb && !!ka && ka === kb;
}

function certificateLabel(tls: Record<string, unknown>): string {
  const credential = tlsField(tls, 'credentialName');
  return credential
    ? `Certificate '${credential}'`
    : `Certificate file ${tlsField(tls, 'serverCertificate')}`;
}

function certificatePath(server: GatewayServer): FieldPath {
  const field = tlsField(server.tls!, 'credentialName') ? 'credentialName' : 'serverCertificate';
  return ['spec', 'servers', server.index, 'tls', field];
}
