/**
 * serviceentry.ConflictingServiceEntryProtocolAnalyzer — IST0177 ConflictingServiceEntryProtocol when
 * ServiceEntries visible in the same namespace (per exportTo; unset or `*` means everywhere) declare the
 * same host and port number with different protocols (compared case-insensitively): only one of them can
 * configure the listener. Each ServiceEntry involved is reported once, at the conflicting port's protocol,
 * with the other ServiceEntries as related locations.
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import { displayName, asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

const EVERYWHERE = '*';

interface PortEntry {
  resource: MeshResource;
  portIndex: number;
  protocol: string;
}

interface Conflict {
  host: string;
  port: number;
  entries: PortEntry[];
}

export const conflictingServiceEntryProtocolAnalyzer: Analyzer = {
  name: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer',
  analyze(ctx, report) {
    const reported = new Set<MeshResource>();
    for (const conflict of conflicts(ctx.index.ofKind('ServiceEntry', 'networking.istio.io'))) {
      for (const entry of conflict.entries) {
        if (reported.has(entry.resource)) continue;
        reported.add(entry.resource);
        report(conflictFinding(conflict, entry));
      }
    }
  },
};

/** Host/port keys, per visibility scope, declared with more than one protocol. */
function conflicts(serviceEntries: readonly MeshResource[]): Conflict[] {
  const byKey = new Map<string, { scope: string; host: string; port: number; entries: PortEntry[] }>();
  for (const se of serviceEntries) {
    const hosts = asArray(get(se.value, 'spec', 'hosts')).filter((h): h is string => typeof h === 'string');
    const ports = asArray(get(se.value, 'spec', 'ports')).map(asRecord);
    for (const scope of exportScopes(se)) {
      for (const host of hosts) {
        ports.forEach((port, portIndex) => {
          const number = Number(port.number ?? 0);
          const key = JSON.stringify([scope, host, number]);
          const slot = byKey.get(key) ?? { scope, host, port: number, entries: [] };
          slot.entries.push({ resource: se, portIndex, protocol: asString(port.protocol) ?? '' });
          byKey.set(key, slot);
        });
      }
    }
  }
  const out: Conflict[] = [];
  for (const slot of byKey.values()) {
    const everywhere =
      slot.scope === EVERYWHERE
        ? []
        : (byKey.get(JSON.stringify([EVERYWHERE, slot.host, slot.port]))?.entries ?? []);
    const entries = [...slot.entries, ...everywhere];
    if (new Set(entries.map((e) => e.protocol.toUpperCase())).size < 2) continue;
    out.push({ host: slot.host, port: slot.port, entries });
  }
  return out;
}

/** The namespaces a ServiceEntry is visible in (`*` for all), from its exportTo. */
function exportScopes(se: MeshResource): Set<string> {
  const exportTo = asArray(get(se.value, 'spec', 'exportTo')).map(String);
  if (exportTo.length === 0 || exportTo.includes(EVERYWHERE)) return new Set([EVERYWHERE]);
  return new Set(exportTo.map((ns) => (ns === '.' ? se.namespace : ns)));
}

function conflictFinding(conflict: Conflict, entry: PortEntry): Finding {
  const protocols = [...new Set(conflict.entries.map((e) => protocolLabel(e.protocol.toUpperCase())))].sort();
  const declaredBy = [...new Set(conflict.entries.map((e) => displayName(e.resource)))].sort();
  const others = firstPerResource(conflict.entries.filter((e) => e.resource !== entry.resource));
  return {
    message: 'ConflictingServiceEntryProtocol',
    resource: entry.resource,
    path: portPath(entry),
    text:
      `Host ${conflict.host} port ${conflict.port} is declared with conflicting protocols ` +
      `${protocols.join(', ')} (by ${declaredBy.join(', ')}); this ServiceEntry declares ` +
      `${protocolLabel(entry.protocol)}, but only one protocol can apply.`,
    related: others.map((e) => ({
      resource: e.resource,
      path: portPath(e),
      message: `${displayName(e.resource)} declares ${conflict.host}:${conflict.port} as ${protocolLabel(e.protocol)}`,
    })),
  };
}

function protocolLabel(protocol: string): string {
  return protocol || '(unset)';
}

function portPath(entry: PortEntry): (string | number)[] {
  const hasProtocol = asString(get(entry.resource.value, 'spec', 'ports', entry.portIndex, 'protocol'));
  return ['spec', 'ports', entry.portIndex, ...(hasProtocol !== undefined ? ['protocol'] : [])];
}

function firstPerResource(entries: readonly PortEntry[]): PortEntry[] {
  const out = new Map<MeshResource, PortEntry>();
  for (const e of entries) if (!out.has(e.resource)) out.set(e.resource, e);
  return [...out.values()];
}
