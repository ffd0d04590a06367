/**
 * The protocol Istio gives a Kubernetes Service port: UDP by `protocol`, else from `appProtocol` when set,
 * else from the port name's prefix (`http-web` → HTTP, `grpc-web…` → gRPC-Web). Well-known ports (SMTP,
 * DNS, MySQL, MongoDB) default to TCP. `undefined` means the name (or appProtocol) names no protocol.
 */

const NAMED_PROTOCOLS: Record<string, string> = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
  hbone: 'HBONE',
};

/** Kubernetes' standard appProtocol values. */
const KUBERNETES_APP_PROTOCOLS: Record<string, string> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/** SMTP, DNS, MySQL, MongoDB. */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

export interface ServicePortSpec {
  port?: number;
  name?: string;
  protocol?: string;
  appProtocol?: string;
}

export function portProtocol(spec: ServicePortSpec): string | undefined {
  if (spec.protocol === 'UDP') return 'UDP';
  const name = spec.appProtocol ?? spec.name ?? '';
  if (spec.appProtocol !== undefined && KUBERNETES_APP_PROTOCOLS[name]) return KUBERNETES_APP_PROTOCOLS[name];
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const dash = name.indexOf('-');
  const prefix = (dash >= 0 ? name.slice(0, dash) : name).toLowerCase();
  const parsed = Object.hasOwn(NAMED_PROTOCOLS, prefix) ? NAMED_PROTOCOLS[prefix] : undefined;
  if (!parsed && spec.port !== undefined && WELL_KNOWN_TCP_PORTS.has(spec.port)) return 'TCP';
  return parsed;
}
