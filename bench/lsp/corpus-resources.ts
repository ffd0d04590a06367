/**
 * Builders for the resources of the benchmark corpus: what a real mesh repository holds for one
 * application (Deployment, Service, DestinationRule, VirtualService and the security/telemetry
 * resources around them). Each builder also lists the realistic mistakes that could be seeded into
 * that very resource, so a mistake always lands on a path that exists.
 */
import type { Rng } from '../../test/helpers/prng';

export type Path = (string | number)[];
export type Obj = Record<string, unknown>;

export interface MistakeOption {
  type: 'typo-key' | 'bad-enum' | 'duration-no-unit';
  /** Path to the key (typo-key) or to the value (the others). */
  path: Path;
  /** The misspelt key, the invalid enum value, or the unit-less number. */
  replacement: string | number;
}

export interface Built {
  kind: string;
  obj: Obj;
  mistakes: MistakeOption[];
}

/**
 * One application and the facts its resources must agree on, so the corpus is coherent across
 * resources too (subsets exist, ports and gateways resolve) and cross-resource checks stay quiet.
 */
export interface AppContext {
  rng: Rng;
  app: string;
  namespace: string;
  team: string;
  /** Deployed versions: one Deployment and one DestinationRule subset each. */
  versions: string[];
  containerPort: number;
  servicePort: number;
  /** The app is exposed through its own Gateway (`<app>-gateway`, host `<app>.example.com`). */
  exposed: boolean;
}

const VERSIONS = ['v1', 'v2', 'v3'];
const PORTS = [8080, 9080, 8443, 3000, 5000, 50051];
const PATHS = ['api', 'v1', 'v2', 'orders', 'cart', 'items', 'users', 'search', 'health', 'admin', 'static'];
const RETRY_ON = [
  'gateway-error,connect-failure,refused-stream',
  '5xx',
  'reset,connect-failure',
  'retriable-4xx,5xx',
  'unavailable,cancelled,deadline-exceeded',
];
const EXTERNAL_HOSTS = [
  'api.stripe.com',
  'hooks.slack.com',
  'www.googleapis.com',
  'sqs.eu-west-1.amazonaws.com',
  'api.github.com',
  'login.microsoftonline.com',
  'storage.googleapis.com',
  'api.sendgrid.com',
];

const duration = (rng: Rng, units: readonly string[] = ['s', 'ms']): string => {
  const unit = rng.pick(units);
  return `${unit === 'ms' ? rng.pick([50, 100, 250, 500]) : rng.pick([1, 2, 5, 10, 15, 30, 60])}${unit}`;
};
const fqdn = (c: AppContext): string => `${c.app}.${c.namespace}.svc.cluster.local`;
const labels = (c: AppContext): Obj => ({ app: c.app, team: c.team, 'app.kubernetes.io/part-of': 'shop' });
const meta = (c: AppContext, suffix: string): Obj => ({
  name: suffix ? `${c.app}-${suffix}` : c.app,
  namespace: c.namespace,
  labels: labels(c),
});
const uriPath = (rng: Rng): string =>
  '/' + rng.sample(PATHS, rng.int(1, 3)).join('/') + (rng.chance(0.3) ? '/' : '');

export function newApp(rng: Rng, app: string, namespace: string, team: string, exposed: boolean): AppContext {
  const containerPort = rng.pick(PORTS);
  return {
    rng,
    app,
    namespace,
    team,
    versions: VERSIONS.slice(0, rng.int(1, 3)),
    containerPort,
    servicePort: rng.pick([80, containerPort]),
    exposed,
  };
}

export function deployment(c: AppContext, version: string): Built {
  const { rng } = c;
  const port = c.containerPort;
  const container: Obj = {
    name: c.app,
    image: `registry.example.com/${c.team}/${c.app}:1.${rng.int(0, 40)}.${rng.int(0, 9)}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: Array.from({ length: rng.int(1, 4) }, (_, i) => ({
      name: ['LOG_LEVEL', 'OTEL_SERVICE_NAME', 'DB_POOL_SIZE', 'FEATURE_FLAGS'][i]!,
      value: ['info', c.app, String(rng.int(5, 50)), 'beta,fast-checkout'][i]!,
    })),
    resources: {
      requests: { cpu: `${rng.pick([50, 100, 250])}m`, memory: `${rng.pick([64, 128, 256])}Mi` },
      limits: { cpu: `${rng.pick([500, 1000])}m`, memory: `${rng.pick([256, 512, 1024])}Mi` },
    },
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port },
      initialDelaySeconds: rng.int(1, 10),
      periodSeconds: rng.pick([5, 10, 15]),
    },
  };
  const obj: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...meta(c, version), labels: { ...labels(c), version } },
    spec: {
      replicas: rng.int(1, 6),
      selector: { matchLabels: { app: c.app, version } },
      template: {
        metadata: {
          labels: { app: c.app, version },
          annotations: { 'sidecar.istio.io/inject': 'true', 'prometheus.io/scrape': 'true' },
        },
        spec: { serviceAccountName: c.app, containers: [container] },
      },
    },
  };
  const c0: Path = ['spec', 'template', 'spec', 'containers', 0];
  return {
    kind: 'Deployment',
    obj,
    mistakes: [
      { type: 'typo-key', path: ['spec', 'replicas'], replacement: 'replica' },
      { type: 'typo-key', path: [...c0, 'ports', 0, 'containerPort'], replacement: 'containerport' },
      { type: 'bad-enum', path: [...c0, 'imagePullPolicy'], replacement: 'always' },
    ],
  };
}

export function service(c: AppContext): Built {
  const { rng } = c;
  const ports: Obj[] = [{ name: 'http', port: c.servicePort, targetPort: c.containerPort, protocol: 'TCP' }];
  if (c.containerPort !== 50051 && c.servicePort !== 50051 && rng.chance(0.3)) {
    ports.push({ name: 'grpc', port: 50051, targetPort: 50051, protocol: 'TCP' });
  }
  return {
    kind: 'Service',
    obj: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(c, ''),
      spec: { type: 'ClusterIP', selector: { app: c.app }, ports },
    },
    mistakes: [
      { type: 'typo-key', path: ['spec', 'ports', 0, 'targetPort'], replacement: 'targetport' },
      { type: 'bad-enum', path: ['spec', 'type'], replacement: 'ClusterIp' },
    ],
  };
}

export function destinationRule(c: AppContext): Built {
  const { rng } = c;
  const mistakes: MistakeOption[] = [];
  const trafficPolicy: Obj = {};
  if (rng.chance(0.8)) {
    trafficPolicy.loadBalancer = rng.chance(0.75)
      ? { simple: rng.pick(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM']) }
      : { consistentHash: { httpHeaderName: 'x-user-id' } };
    if ('simple' in (trafficPolicy.loadBalancer as Obj)) {
      mistakes.push({
        type: 'bad-enum',
        path: ['spec', 'trafficPolicy', 'loadBalancer', 'simple'],
        replacement: 'ROUND_ROBBIN',
      });
    }
  }
  if (rng.chance(0.7)) {
    trafficPolicy.connectionPool = {
      tcp: { maxConnections: rng.pick([100, 500, 1000]), connectTimeout: duration(rng, ['ms', 's']) },
      http: {
        http1MaxPendingRequests: rng.pick([64, 1024]),
        maxRequestsPerConnection: rng.pick([1, 10, 100]),
        idleTimeout: duration(rng, ['s']),
      },
    };
    mistakes.push({
      type: 'duration-no-unit',
      path: ['spec', 'trafficPolicy', 'connectionPool', 'http', 'idleTimeout'],
      replacement: 60,
    });
  }
  if (rng.chance(0.7)) {
    trafficPolicy.outlierDetection = {
      consecutive5xxErrors: rng.int(3, 10),
      interval: duration(rng, ['s']),
      baseEjectionTime: duration(rng, ['s']),
      maxEjectionPercent: rng.pick([10, 50, 100]),
    };
    mistakes.push(
      {
        type: 'duration-no-unit',
        path: ['spec', 'trafficPolicy', 'outlierDetection', 'interval'],
        replacement: 30,
      },
      {
        type: 'typo-key',
        path: ['spec', 'trafficPolicy', 'outlierDetection', 'consecutive5xxErrors'],
        replacement: 'consecutive5xxError',
      },
    );
  }
  if (rng.chance(0.6)) {
    trafficPolicy.tls = { mode: 'ISTIO_MUTUAL' };
    mistakes.push({
      type: 'bad-enum',
      path: ['spec', 'trafficPolicy', 'tls', 'mode'],
      replacement: 'ISTIO_MTLS',
    });
  }
  const subsets = c.versions.map((version): Obj => {
    const subset: Obj = { name: version, labels: { version } };
    if (rng.chance(0.25)) subset.trafficPolicy = { loadBalancer: { simple: 'LEAST_REQUEST' } };
    return subset;
  });
  const spec: Obj = { host: fqdn(c) };
  if (Object.keys(trafficPolicy).length) spec.trafficPolicy = trafficPolicy;
  spec.subsets = subsets;
  mistakes.push({ type: 'typo-key', path: ['spec', 'subsets', 0, 'labels'], replacement: 'label' });
  return {
    kind: 'DestinationRule',
    obj: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta(c, 'dr'), spec },
    mistakes,
  };
}

export function virtualService(c: AppContext): Built {
  const { rng } = c;
  const mistakes: MistakeOption[] = [];
  const count = rng.int(1, 4);
  // Each rule owns a first path segment and each of its matches a second one, so no match repeats
  // or shadows another (dead rules are what istio's IST0130/IST0131 report).
  const firsts = rng.sample(PATHS, count);
  const routes = Array.from({ length: count }, (_, i): Obj => {
    const route: Obj = { name: `${c.app}-route-${i}` };
    const at: Path = ['spec', 'http', i];
    // Only the last rule may go without a match (a catch-all before others would hide them).
    if (i < count - 1 || rng.chance(0.5)) {
      const seconds = rng.sample(
        PATHS.filter((p) => p !== firsts[i]),
        rng.int(1, 2),
      );
      route.match = seconds.map((second): Obj => {
        const path = `/${firsts[i]}/${second}${rng.chance(0.3) ? '/' : ''}`;
        const match: Obj = { uri: { [rng.pick(['prefix', 'exact'])]: path } };
        if (rng.chance(0.3)) match.headers = { 'x-canary': { exact: 'true' } };
        if (rng.chance(0.2)) match.method = { exact: rng.pick(['GET', 'POST', 'PUT']) };
        return match;
      });
    }
    const subsets = rng.sample(c.versions, rng.int(1, c.versions.length));
    const weights = subsets.length === 1 ? [100] : subsets.length === 2 ? [90, 10] : [70, 20, 10];
    route.route = subsets.map((subset, j) => {
      const destination: Obj = { destination: { host: fqdn(c), subset, port: { number: c.servicePort } } };
      if (subsets.length > 1) destination.weight = weights[j];
      return destination;
    });
    if (rng.chance(0.6)) {
      route.retries = {
        attempts: rng.int(1, 5),
        // Shorter than any route timeout below: the route timeout covers all the tries.
        perTryTimeout: rng.pick(['250ms', '500ms', '1s', '2s', '5s']),
        retryOn: rng.pick(RETRY_ON),
      };
      mistakes.push(
        { type: 'typo-key', path: [...at, 'retries'], replacement: 'retrys' },
        { type: 'duration-no-unit', path: [...at, 'retries', 'perTryTimeout'], replacement: 2 },
      );
    }
    if (rng.chance(0.7)) {
      route.timeout = rng.pick(['10s', '15s', '30s', '60s']);
      mistakes.push({ type: 'duration-no-unit', path: [...at, 'timeout'], replacement: 10 });
    }
    if (rng.chance(0.15)) {
      route.fault = rng.chance(0.5)
        ? { delay: { percentage: { value: rng.pick([0.1, 1, 5]) }, fixedDelay: duration(rng) } }
        : { abort: { percentage: { value: rng.pick([0.1, 1]) }, httpStatus: rng.pick([500, 503]) } };
    }
    if (rng.chance(0.1)) {
      route.mirror = {
        host: fqdn(c),
        subset: c.versions[c.versions.length - 1],
        port: { number: c.servicePort },
      };
      route.mirrorPercentage = { value: rng.pick([1, 10, 50]) };
    }
    if (rng.chance(0.2)) route.headers = { request: { set: { 'x-served-by': c.app } } };
    if (rng.chance(0.1)) route.rewrite = { uri: '/' };
    return route;
  });
  const spec: Obj = { hosts: c.exposed ? [`${c.app}.example.com`, fqdn(c)] : [fqdn(c)] };
  if (c.exposed) spec.gateways = [`${c.app}-gateway`, 'mesh'];
  spec.http = routes;
  mistakes.push({ type: 'typo-key', path: ['spec', 'http', 0, 'route'], replacement: 'routes' });
  return {
    kind: 'VirtualService',
    obj: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta(c, 'vs'), spec },
    mistakes,
  };
}

export function gateway(c: AppContext): Built {
  const host = `${c.app}.example.com`;
  return {
    kind: 'Gateway',
    obj: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: meta(c, 'gateway'),
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: [host],
            tls: { httpsRedirect: true },
          },
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: [host],
            tls: { mode: 'SIMPLE', credentialName: `${c.app}-cert`, minProtocolVersion: 'TLSV1_2' },
          },
        ],
      },
    },
    mistakes: [
      { type: 'bad-enum', path: ['spec', 'servers', 1, 'tls', 'mode'], replacement: 'SIMPLE_TLS' },
      {
        type: 'typo-key',
        path: ['spec', 'servers', 1, 'tls', 'credentialName'],
        replacement: 'credentialname',
      },
    ],
  };
}

export function serviceEntry(c: AppContext): Built {
  const { rng } = c;
  const host = rng.pick(EXTERNAL_HOSTS);
  return {
    kind: 'ServiceEntry',
    obj: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { ...meta(c, 'egress'), name: `${c.app}-${host.replace(/\./g, '-')}` },
      spec: {
        hosts: [host],
        ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
        location: 'MESH_EXTERNAL',
        resolution: 'DNS',
      },
    },
    mistakes: [
      { type: 'bad-enum', path: ['spec', 'resolution'], replacement: 'DNS_ROUNDROBIN' },
      { type: 'bad-enum', path: ['spec', 'location'], replacement: 'MESH_EXTERN' },
    ],
  };
}

export function sidecar(c: AppContext): Built {
  return {
    kind: 'Sidecar',
    obj: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: meta(c, 'sidecar'),
      spec: {
        workloadSelector: { labels: { app: c.app } },
        egress: [{ hosts: ['./*', 'istio-system/*', `${c.rng.pick(['shared', 'data', 'platform'])}/*`] }],
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      },
    },
    mistakes: [
      { type: 'bad-enum', path: ['spec', 'outboundTrafficPolicy', 'mode'], replacement: 'REGISTRYONLY' },
      { type: 'typo-key', path: ['spec', 'outboundTrafficPolicy'], replacement: 'outboundTraficPolicy' },
    ],
  };
}

export function peerAuthentication(c: AppContext): Built {
  const spec: Obj = { selector: { matchLabels: { app: c.app } }, mtls: { mode: 'STRICT' } };
  if (c.rng.chance(0.3)) spec.portLevelMtls = { 9090: { mode: 'PERMISSIVE' } };
  return {
    kind: 'PeerAuthentication',
    obj: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta(c, 'mtls'), spec },
    mistakes: [{ type: 'bad-enum', path: ['spec', 'mtls', 'mode'], replacement: 'strict' }],
  };
}

export function authorizationPolicy(c: AppContext): Built {
  const { rng } = c;
  const rules = Array.from({ length: rng.int(1, 3) }, (): Obj => {
    const caller = rng.pick(['frontend', 'checkout', 'gateway', 'batch', 'admin']);
    const rule: Obj = {
      from: [{ source: { principals: [`cluster.local/ns/${c.namespace}/sa/${caller}`] } }],
      to: [
        {
          operation: {
            methods: rng.sample(['GET', 'POST', 'PUT', 'DELETE'], 2),
            paths: [`${uriPath(rng)}*`],
          },
        },
      ],
    };
    if (rng.chance(0.3))
      rule.when = [{ key: 'request.auth.claims[iss]', values: ['https://auth.example.com'] }];
    return rule;
  });
  return {
    kind: 'AuthorizationPolicy',
    obj: {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(c, 'authz'),
      spec: { selector: { matchLabels: { app: c.app } }, action: rng.pick(['ALLOW', 'DENY']), rules },
    },
    mistakes: [
      { type: 'bad-enum', path: ['spec', 'action'], replacement: 'ALLOWED' },
      {
        type: 'typo-key',
        path: ['spec', 'rules', 0, 'from', 0, 'source', 'principals'],
        replacement: 'principal',
      },
    ],
  };
}

export function requestAuthentication(c: AppContext): Built {
  return {
    kind: 'RequestAuthentication',
    obj: {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: meta(c, 'jwt'),
      spec: {
        selector: { matchLabels: { app: c.app } },
        jwtRules: [
          {
            issuer: 'https://auth.example.com',
            jwksUri: 'https://auth.example.com/.well-known/jwks.json',
            audiences: [c.app],
            forwardOriginalToken: true,
            fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
            timeout: duration(c.rng, ['s']),
          },
        ],
      },
    },
    mistakes: [
      { type: 'typo-key', path: ['spec', 'jwtRules', 0, 'jwksUri'], replacement: 'jwksURI' },
      { type: 'duration-no-unit', path: ['spec', 'jwtRules', 0, 'timeout'], replacement: 5 },
    ],
  };
}

export function telemetry(c: AppContext): Built {
  const { rng } = c;
  return {
    kind: 'Telemetry',
    obj: {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta(c, 'telemetry'),
      spec: {
        selector: { matchLabels: { app: c.app } },
        tracing: [
          {
            providers: [{ name: 'otel-tracing' }],
            randomSamplingPercentage: rng.pick([1, 5, 10, 100]),
            customTags: { team: { literal: { value: c.team } } },
          },
        ],
        accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }],
        metrics: [
          {
            providers: [{ name: 'prometheus' }],
            reportingInterval: duration(rng, ['s']),
            overrides: [
              {
                match: { metric: 'REQUEST_COUNT', mode: 'CLIENT_AND_SERVER' },
                tagOverrides: { request_host: { operation: 'REMOVE' } },
              },
            ],
          },
        ],
      },
    },
    mistakes: [
      {
        type: 'bad-enum',
        path: ['spec', 'metrics', 0, 'overrides', 0, 'match', 'metric'],
        replacement: 'REQUEST_COUNTS',
      },
      {
        type: 'typo-key',
        path: ['spec', 'tracing', 0, 'randomSamplingPercentage'],
        replacement: 'randomSamplingPercent',
      },
      { type: 'duration-no-unit', path: ['spec', 'metrics', 0, 'reportingInterval'], replacement: 15 },
    ],
  };
}

export function envoyFilter(c: AppContext): Built {
  return {
    kind: 'EnvoyFilter',
    obj: {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: meta(c, 'lua'),
      spec: {
        workloadSelector: { labels: { app: c.app } },
        // A relative operation (INSERT_BEFORE) wants an explicit order among EnvoyFilters.
        priority: 10,
        configPatches: [
          {
            applyTo: 'HTTP_FILTER',
            match: {
              context: 'SIDECAR_INBOUND',
              listener: {
                filterChain: {
                  filter: {
                    name: 'envoy.filters.network.http_connection_manager',
                    subFilter: { name: 'envoy.filters.http.router' },
                  },
                },
              },
            },
            patch: {
              operation: 'INSERT_BEFORE',
              value: {
                name: 'envoy.filters.http.lua',
                typed_config: {
                  '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua',
                  inlineCode: `function envoy_on_request(handle)\n  handle:headers():add("x-app", "${c.app}")\nend\n`,
                },
              },
            },
          },
        ],
      },
    },
    mistakes: [
      { type: 'bad-enum', path: ['spec', 'configPatches', 0, 'applyTo'], replacement: 'HTTP_FILTERS' },
      {
        type: 'bad-enum',
        path: ['spec', 'configPatches', 0, 'match', 'context'],
        replacement: 'SIDECAR_INBOUNDS',
      },
    ],
  };
}
