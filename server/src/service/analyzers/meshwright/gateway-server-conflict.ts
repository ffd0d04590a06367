/**
 * meshwright.GatewayServerConflictAnalyzer — MW0010: two Gateway servers that the same gateway
 * workload cannot serve together, so Istio silently drops one of them. Servers meet when they are in
 * one Gateway or in Gateways with the same selector, on the same port number (and bind address).
 * Istio merges such servers as follows (MergeGateways), and this check reports what it would drop:
 *
 * - two servers with `tls` settings (HTTPS, TLS, or HTTP with httpsRedirect) that share a host: the
 *   hosts become SNI filter-chain matches, and a duplicate match would make Envoy reject the listener;
 * - a plaintext server beside a server Istio cannot merge it with (HTTP with TCP, a second TCP server,
 *   HTTPS beside plaintext HTTP, or a plaintext server on a port already serving TLS); plaintext
 *   HTTP, HTTP2 and GRPC servers do merge.
 *
 * Overlapping but different hosts (`*.example.com` with `shop.example.com`, `*` with anything) are
 * not reported: Envoy picks the most specific SNI or virtual host, a common and valid setup, and plain
 * HTTP servers on one port are merged into one route table.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asLabels, asString, get, type MeshResource } from '../../workspace/resource';
import { formatLabels } from './lookup';

interface Server {
  gateway: MeshResource;
  /** ` (selector istio=ingressgateway)`, for messages. */
  workload: string;
  index: number;
  port: number;
  protocol: string;
  tls: boolean;
  hosts: string[];
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);

export const gatewayServerConflictAnalyzer: Analyzer = {
  name: 'meshwright.GatewayServerConflictAnalyzer',
  analyze(ctx, report) {
    // Servers by the gateway workload (selector) and listener (bind, port), in file order.
    const groups = new Map<string, Server[]>();
    const seen = new Set<string>();
    for (const gw of ctx.index.ofKind('Gateway', 'networking.istio.io')) {
      // The same Gateway in several files is one object: keep its first definition.
      const identity = `${gw.namespace}/${gw.name}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      const selector = asLabels(get(gw.value, 'spec', 'selector'));
      const selectorKey = Object.entries(selector)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      asArray(get(gw.value, 'spec', 'servers')).forEach((raw, index) => {
        const port = get(raw, 'port', 'number');
        const protocol = asString(get(raw, 'port', 'protocol'));
        if (typeof port !== 'number' || !protocol) return;
        const server: Server = {
          gateway: gw,
          workload: selectorKey ? ` (selector ${formatLabels(selector)})` : ' (no selector)',
          index,
          port,
          protocol: protocol.toUpperCase(),
          tls: get(raw, 'tls') !== undefined && get(raw, 'tls') !== null,
          hosts: sanitizeHosts(asArray(get(raw, 'hosts')).map(String), gw.namespace),
        };
        const key = `${selectorKey}|${asString(get(raw, 'bind')) ?? ''}|${port}`;
        const list = groups.get(key) ?? [];
        list.push(server);
        groups.set(key, list);
      });
    }

    for (const servers of groups.values()) {
      if (servers.length < 2) continue;
      const tlsHosts = new Map<string, { server: Server; host: number }>();
      let plaintext: Server | undefined;
      let first: Server | undefined;
      for (const s of servers) {
        const where = s.workload;
        if (s.tls) {
          const dups = s.hosts.map((h, k) => ({ h, k, other: tlsHosts.get(h) })).filter((d) => d.other);
          if (dups.length) {
            const d = dups[0]!;
            const other = d.other!;
            report({
              message: 'MW0010',
              resource: s.gateway,
              path: ['spec', 'servers', s.index, 'hosts', d.k],
              text: `Host '${d.h}' on port ${s.port} is already served with TLS by ${describe(other.server)} for the same gateway workload${where}: Istio drops one of the two servers (duplicate SNI host). Serve each host from one server, or merge the servers.`,
              related: [
                {
                  resource: other.server.gateway,
                  path: ['spec', 'servers', other.server.index, 'hosts', other.host],
                  message: `The other server with host '${d.h}' on port ${s.port}`,
                },
              ],
            });
            continue;
          }
          s.hosts.forEach((h, k) => tlsHosts.set(h, { server: s, host: k }));
        }
        if (!first) {
          first = s;
          if (!isTlsServer(s)) plaintext = s;
          continue;
        }
        let conflict: Server | undefined;
        let reason = '';
        if (plaintext) {
          // Istio's canMergeProtocols: plaintext servers of one port merge when all speak HTTP.
          if (!HTTP_PROTOCOLS.has(plaintext.protocol) || !HTTP_PROTOCOLS.has(s.protocol)) {
            conflict = plaintext;
            reason =
              plaintext.protocol === s.protocol
                ? `only HTTP servers can share a plaintext port, and ${s.protocol} servers cannot`
                : `a plaintext ${plaintext.protocol} server already uses the port, and only HTTP servers can share one`;
          }
        } else if (!s.tls) {
          conflict = first;
          reason = 'the port already serves TLS, and a server without tls settings cannot share it';
        }
        if (!conflict) continue;
        report({
          message: 'MW0010',
          resource: s.gateway,
          path: ['spec', 'servers', s.index, 'port', 'protocol'],
          text: `This ${s.protocol} server on port ${s.port} conflicts with ${describe(conflict)} for the same gateway workload${where}: ${reason}. Istio drops one of the two servers. Use another port.`,
          related: [
            {
              resource: conflict.gateway,
              path: ['spec', 'servers', conflict.index, 'port', 'protocol'],
              message: `The ${conflict.protocol} server on port ${conflict.port}`,
            },
          ],
        });
      }
    }
  },
};

/** Istio's IsTLSServer: TLS settings on a non-HTTP server. */
function isTlsServer(s: Server): boolean {
  return s.tls && !HTTP_PROTOCOLS.has(s.protocol);
}

function describe(s: Server): string {
  const gw = s.gateway;
  const name = gw.namespaceAsWritten ? `${gw.namespace}/${gw.name}` : gw.name;
  return `server ${s.index + 1} of Gateway ${name}`;
}

/** Istio's sanitizeServerHostNamespace: `./h` → `ns/h`, `*\/h` → `h`, `*\/*` → `*`. */
function sanitizeHosts(hosts: string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) out.push(h);
    else {
      const ns = h.slice(0, slash);
      const host = h.slice(slash + 1);
      if (ns === '.') out.push(`${namespace}/${host}`);
      else if (ns === '*') {
        if (host === '*') return ['*'];
        out.push(host);
      } else out.push(h);
    }
  }
  return out;
}
