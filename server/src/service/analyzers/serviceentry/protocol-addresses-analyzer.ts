/**
 * serviceentry.ProtocolAddressesAnalyzer — IST0134 ServiceEntryAddressesRequired when a ServiceEntry
 * has a TCP port (protocol TCP, any case, or no protocol) but no `addresses`: without a virtual IP the
 * sidecar cannot tell the service's TCP traffic apart from other traffic on that port.
 *
 * Not reported when the addresses were allocated (status.addresses) or when the mesh auto-allocates
 * them (defaultConfig.proxyMetadata ISTIO_META_DNS_CAPTURE=true with ISTIO_META_DNS_AUTO_ALLOCATE=true
 * or PILOT_ENABLE_IP_AUTOALLOCATE=true). One finding per ServiceEntry, at its first TCP port; the other
 * TCP ports are related locations.
 */
import type { AnalysisContext, Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

export const protocolAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.ProtocolAddressesAnalyzer',
  analyze(ctx, report) {
    if (meshAutoAllocatesAddresses(ctx)) return;
    for (const se of ctx.index.ofKind('ServiceEntry', 'networking.istio.io')) {
      if (hasAddresses(se)) continue;
      const [first, ...others] = tcpPorts(se);
      if (!first) continue;
      report({
        message: 'ServiceEntryAddressesRequired',
        resource: se,
        path: first.path,
        text:
          `ServiceEntry ${se.name} has no addresses but port ${first.label} serves TCP: ` +
          `set spec.addresses (a virtual IP) or use a protocol such as HTTP or TLS.`,
        related: others.map((p) => ({
          resource: se,
          path: p.path,
          message: `Port ${p.label} serves TCP too.`,
        })),
      });
    }
  },
};

function meshAutoAllocatesAddresses(ctx: AnalysisContext): boolean {
  const metadata = asLabels(get(ctx.meshConfig.raw, 'defaultConfig', 'proxyMetadata'));
  if (metadata.ISTIO_META_DNS_CAPTURE !== 'true') return false;
  return metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true';
}

function hasAddresses(se: MeshResource): boolean {
  return (
    asArray(get(se.value, 'spec', 'addresses')).length > 0 ||
    asArray(get(se.value, 'status', 'addresses')).length > 0
  );
}

interface TcpPort {
  label: string;
  path: FieldPath;
}

function tcpPorts(se: MeshResource): TcpPort[] {
  const out: TcpPort[] = [];
  asArray(get(se.value, 'spec', 'ports')).forEach((item, i) => {
    const port = asRecord(item);
    const protocol = asString(port.protocol) ?? '';
    if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
    const label = String(port.number ?? port.name ?? `#${i}`);
    out.push({ label, path: ['spec', 'ports', i, ...(protocol ? ['protocol'] : [])] });
  });
  return out;
}
