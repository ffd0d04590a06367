/** Seed data: Istio CRDs (with realistic schemas, see istio-crds.ts), `bookinfo` and `large`. */
import { istioCrdSchema } from './istio-crds';
import { findType, RESOURCE_TYPES } from './resources';
import type { KObject, Store } from './store';

export type SeedName = 'empty' | 'bookinfo' | 'large';

function put(store: Store, resource: string, group: string, obj: Record<string, unknown>): void {
  const t = RESOURCE_TYPES.find((x) => x.resource === resource && x.group === group)!;
  const o = obj as KObject;
  store.create(t, o.metadata.namespace, o);
}

function seedCrds(store: Store): void {
  for (const t of RESOURCE_TYPES.filter((x) => x.custom)) {
    put(store, 'customresourcedefinitions', 'apiextensions.k8s.io', {
      metadata: { name: `${t.resource}.${t.group}`, labels: { app: 'istio-pilot' } },
      spec: {
        group: t.group,
        names: {
          plural: t.resource,
          singular: t.singular,
          kind: t.kind,
          listKind: `${t.kind}List`,
          shortNames: t.shortNames,
          categories: t.categories,
        },
        scope: 'Namespaced',
        versions: t.versions.map((v, i) => ({
          name: v,
          served: true,
          storage: i === 0,
          schema: { openAPIV3Schema: istioCrdSchema(t.group, v, t.kind) },
          subresources: { status: {} },
        })),
      },
      status: { acceptedNames: { plural: t.resource, kind: t.kind }, storedVersions: [t.versions[0]] },
    });
  }
}

function ns(store: Store, name: string, labels: Record<string, string> = {}): void {
  put(store, 'namespaces', '', {
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
  });
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Deterministic name suffix in the alphabet Kubernetes uses for generated names. */
function shortHash(s: string, length: number): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  while (out.length < length) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    out += ALPHABET[h % ALPHABET.length];
  }
  return out;
}

let ipCounter = 10;
const nextIp = (prefix: string) => `${prefix}.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

/** Deployment + ReplicaSet + pods + Service + ServiceAccount for one workload. */
function workload(
  store: Store,
  namespace: string,
  app: string,
  version: string | undefined,
  opts: {
    ports: { name: string; port: number }[];
    replicas?: number;
    sidecar?: boolean;
    service?: boolean;
    image?: string;
    /** More pod labels (the ingress gateway's `istio: ingressgateway`). */
    labels?: Record<string, string>;
  },
): void {
  const name = version ? `${app}-${version}` : app;
  const labels: Record<string, string> = { app, ...(version ? { version } : {}), ...opts.labels };
  const replicas = opts.replicas ?? 1;
  const hash = shortHash(`${namespace}/${name}`, 10);
  const containers = [
    {
      name: 'app',
      image: opts.image ?? `docker.io/istio/examples-bookinfo-${app}-${version ?? 'v1'}:1.20.2`,
      ports: opts.ports.map((p) => ({ containerPort: p.port })),
    },
    ...(opts.sidecar === false
      ? []
      : [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.0', args: ['proxy', 'sidecar'] }]),
  ];
  if (
    opts.service !== false &&
    !store.find(
      findType('', 'v1', 'serviceaccounts')!,
      namespace,
      `${namespace === 'bookinfo' ? 'bookinfo-' : ''}${app}`,
    )
  ) {
    put(store, 'serviceaccounts', '', {
      metadata: { name: `${namespace === 'bookinfo' ? 'bookinfo-' : ''}${app}`, namespace },
    });
  }
  put(store, 'deployments', 'apps', {
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: containers.slice(0, 1) } },
    },
    status: {
      replicas,
      readyReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: replicas,
      observedGeneration: 1,
    },
  });
  put(store, 'replicasets', 'apps', {
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      labels: { ...labels, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, controller: true }],
    },
    spec: { replicas, selector: { matchLabels: labels } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  });
  for (let i = 0; i < replicas; i++) {
    const suffix = `${hash}-${shortHash(`${namespace}/${name}/${i}`, 5)}`;
    put(store, 'pods', '', {
      metadata: {
        name: `${name}-${suffix}`,
        namespace,
        labels: { ...labels, 'pod-template-hash': hash, 'security.istio.io/tlsMode': 'istio' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, controller: true },
        ],
      },
      spec: {
        containers,
        nodeName: 'emulator-node',
        serviceAccountName: `${namespace === 'bookinfo' ? 'bookinfo-' : ''}${app}`,
      },
      status: {
        phase: 'Running',
        podIP: nextIp('10.244'),
        containerStatuses: containers.map((c) => ({
          name: c.name,
          ready: true,
          restartCount: 0,
          image: c.image,
          started: true,
          state: { running: { startedAt: new Date().toISOString() } },
        })),
      },
    });
  }
  if (opts.service !== false && !store.find(findType('', 'v1', 'services')!, namespace, app)) {
    put(store, 'services', '', {
      metadata: { name: app, namespace, labels: { app, service: app } },
      spec: {
        type: 'ClusterIP',
        clusterIP: nextIp('10.96'),
        selector: { app },
        ports: opts.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })),
      },
    });
  }
}

export function seedBookinfo(store: Store): void {
  seedCrds(store);
  ns(store, 'default', { 'istio-injection': 'enabled' });
  ns(store, 'kube-system');
  ns(store, 'istio-system');
  ns(store, 'bookinfo', { 'istio-injection': 'enabled' });
  workload(store, 'istio-system', 'istiod', undefined, {
    ports: [
      { name: 'grpc-xds', port: 15010 },
      { name: 'https-webhook', port: 443 },
    ],
    sidecar: false,
    image: 'docker.io/istio/pilot:1.27.0',
  });
  workload(store, 'istio-system', 'istio-ingressgateway', undefined, {
    labels: { istio: 'ingressgateway' },
    ports: [
      { name: 'http2', port: 80 },
      { name: 'https', port: 443 },
    ],
    sidecar: false,
    image: 'docker.io/istio/proxyv2:1.27.0',
  });
  workload(store, 'istio-system', 'prometheus', undefined, {
    ports: [{ name: 'http', port: 9090 }],
    sidecar: false,
    image: 'prom/prometheus:v3.5.0',
  });
  const http = [{ name: 'http', port: 9080 }];
  for (const [app, version] of [
    ['productpage', 'v1'],
    ['details', 'v1'],
    ['reviews', 'v1'],
    ['reviews', 'v2'],
    ['reviews', 'v3'],
    ['ratings', 'v1'],
  ]) {
    workload(store, 'bookinfo', app, version, { ports: http });
  }
  const net = 'networking.istio.io';
  put(store, 'gateways', net, {
    metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    },
  });
  put(store, 'virtualservices', net, {
    metadata: { name: 'bookinfo', namespace: 'bookinfo' },
    spec: {
      hosts: ['*'],
      gateways: ['bookinfo-gateway'],
      http: [
        {
          match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        },
      ],
    },
  });
  put(store, 'virtualservices', net, {
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
            { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
          ],
        },
      ],
    },
  });
  const subsets: Record<string, string[]> = {
    productpage: ['v1'],
    details: ['v1'],
    reviews: ['v1', 'v2', 'v3'],
    ratings: ['v1'],
  };
  for (const [host, versions] of Object.entries(subsets)) {
    put(store, 'destinationrules', net, {
      metadata: { name: host, namespace: 'bookinfo' },
      spec: { host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
    });
  }
  put(store, 'peerauthentications', 'security.istio.io', {
    metadata: { name: 'default', namespace: 'bookinfo' },
    spec: { mtls: { mode: 'STRICT' } },
  });
}

/** 1,000 pods over 300 services in 20 namespaces. */
export function seedLarge(store: Store): void {
  seedCrds(store);
  ns(store, 'default');
  for (let n = 0; n < 20; n++) ns(store, `team-${n}`, { 'istio-injection': 'enabled' });
  let pods = 0;
  for (let s = 0; s < 300; s++) {
    const remaining = 1000 - pods;
    const replicas = s === 299 ? remaining : s % 3 === 0 ? 4 : 3;
    workload(store, `team-${s % 20}`, `svc-${s}`, 'v1', {
      ports: [{ name: 'http', port: 8080 }],
      replicas,
      image: 'example/app:1',
    });
    pods += replicas;
  }
}

export function applySeed(store: Store, seed: SeedName = 'empty'): void {
  if (seed === 'bookinfo') seedBookinfo(store);
  else if (seed === 'large') seedLarge(store);
  else {
    seedCrds(store);
    for (const n of ['default', 'kube-system']) ns(store, n);
  }
}
