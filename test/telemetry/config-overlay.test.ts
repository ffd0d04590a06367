/**
 * The config overlay over the emulator's bookinfo objects (plus edits): config-only edges from
 * Services, VirtualService routes and Gateways; weights, faults, retries, timeouts; DestinationRule
 * circuit breaking (subset policy over the rule's); ServiceEntry hosts; telemetry edges keep their
 * figures; workspace objects override the cluster's.
 */
import * as assert from 'node:assert/strict';
import type { KubeObject } from '../../client/src/cluster/transport';
import { applyConfigOverlay } from '../../client/src/graph/config-overlay';
import { buildGraphModel } from '../../client/src/graph/graph-model';
import type { ServiceGraph } from '../../client/src/graph/graph-types';
import {
  meshObjectsFromManifests,
  mergeMeshObjects,
  type MeshObjects,
} from '../../client/src/graph/mesh-objects';
import { seedMeshObjects } from './seed-objects';

const net = 'networking.istio.io/v1';
const vs = (name: string, spec: unknown): KubeObject => ({
  apiVersion: net,
  kind: 'VirtualService',
  metadata: { name, namespace: 'bookinfo' },
  spec,
});
const empty = (namespaces: string[]): ServiceGraph =>
  buildGraphModel(
    { requests: [], latencyBuckets: [], tcp: [] },
    { namespaces, window: '5m', time: 0, queries: 0 },
  );

function bookinfoWithPolicies(): MeshObjects {
  const o = seedMeshObjects('bookinfo');
  o.virtualServices = o.virtualServices.filter((v) => v.metadata.name !== 'reviews');
  o.virtualServices.push(
    vs('reviews', {
      hosts: ['reviews'],
      http: [
        {
          fault: {
            abort: { percentage: { value: 10 }, httpStatus: 503 },
            delay: { percentage: { value: 5 }, fixedDelay: '2s' },
          },
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
          timeout: '10s',
          route: [
            { destination: { host: 'reviews', subset: 'v2' }, weight: 75 },
            { destination: { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v3' }, weight: 25 },
          ],
        },
      ],
    }),
    vs('ratings-egress', {
      hosts: ['ratings'],
      http: [{ route: [{ destination: { host: 'api.ratings.example.com' } }] }],
    }),
  );
  const dr = o.destinationRules.find((d) => d.metadata.name === 'reviews')!;
  dr.spec = {
    host: 'reviews',
    trafficPolicy: {
      connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
      outlierDetection: {
        consecutive5xxErrors: 5,
        interval: '10s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 50,
      },
    },
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
      {
        name: 'v3',
        labels: { version: 'v3' },
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 5 } } },
      },
    ],
  };
  o.serviceEntries.push({
    apiVersion: net,
    kind: 'ServiceEntry',
    metadata: { name: 'ratings-api', namespace: 'bookinfo' },
    spec: {
      hosts: ['api.ratings.example.com'],
      location: 'MESH_EXTERNAL',
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
    },
  });
  return o;
}

describe('config overlay', () => {
  it('shows the routing of bookinfo with no telemetry: every edge config-only, nodes idle', () => {
    const g = applyConfigOverlay(empty(['bookinfo']), seedMeshObjects('bookinfo'));
    assert.ok(g.edges.every((e) => e.configOnly && e.requestsPerSecond === 0));
    assert.ok(g.nodes.every((n) => n.idle));
    assert.deepEqual(
      g.nodes.map((n) => n.id),
      [
        'ingress:istio-system/istio-ingressgateway',
        'service:bookinfo/details',
        'service:bookinfo/productpage',
        'service:bookinfo/ratings',
        'service:bookinfo/reviews',
        'workload:bookinfo/details-v1',
        'workload:bookinfo/productpage-v1',
        'workload:bookinfo/ratings-v1',
        'workload:bookinfo/reviews-v1',
        'workload:bookinfo/reviews-v2',
        'workload:bookinfo/reviews-v3',
      ],
    );
    const ingress = g.edges.find((e) => e.source.startsWith('ingress:'))!;
    assert.equal(ingress.target, 'service:bookinfo/productpage');
    assert.equal(ingress.config.virtualService?.name, 'bookinfo');
    const wl = g.nodes.find((n) => n.id === 'workload:bookinfo/reviews-v3')!;
    assert.deepEqual(wl.resources, [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bookinfo', name: 'reviews-v3' },
    ]);
    assert.equal(wl.hasSidecar, true);
    assert.equal(g.nodes[0]!.hasSidecar, false); // the gateway pod has no istio-proxy container
  });

  it('puts weights, faults, retries, timeouts and circuit breaking on the routed edges', () => {
    const g = applyConfigOverlay(empty(['bookinfo']), bookinfoWithPolicies());
    const edge = (id: string) => g.edges.find((e) => e.id === id);
    assert.equal(edge('service:bookinfo/reviews->workload:bookinfo/reviews-v1'), undefined);
    assert.deepEqual(edge('service:bookinfo/reviews->workload:bookinfo/reviews-v2')!.config, {
      weight: 75,
      virtualService: { apiVersion: net, kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      destinationRule: { apiVersion: net, kind: 'DestinationRule', namespace: 'bookinfo', name: 'reviews' },
      faults: ['abort 10% 503', 'delay 5% 2s'],
      retries: '3 attempts, 2s per try, on 5xx',
      timeout: '10s',
      circuitBreaker: 'max 100 connections, 10 pending, outlier: 5 consecutive 5xx → eject 30s (max 50%)',
    });
    const v3 = edge('service:bookinfo/reviews->workload:bookinfo/reviews-v3')!;
    assert.equal(v3.config.weight, 25);
    assert.equal(v3.config.circuitBreaker, 'max 5 connections');
    // a VirtualService sending a service's traffic to a ServiceEntry host
    assert.ok(edge('service:bookinfo/ratings->external:api.ratings.example.com')?.configOnly);
    assert.equal(edge('service:bookinfo/ratings->workload:bookinfo/ratings-v1'), undefined);
    const ext = g.nodes.find((n) => n.id === 'external:api.ratings.example.com')!;
    assert.equal(ext.kind, 'external');
    assert.equal(ext.resources[0]!.kind, 'ServiceEntry');
  });

  it('keeps telemetry figures on edges it configures and leaves other namespaces out', () => {
    const telemetry = buildGraphModel(
      {
        requests: [
          {
            metric: {
              reporter: 'destination',
              source_workload: 'productpage-v1',
              source_workload_namespace: 'bookinfo',
              destination_service: 'reviews.bookinfo.svc.cluster.local',
              destination_service_name: 'reviews',
              destination_service_namespace: 'bookinfo',
              destination_workload: 'reviews-v2',
              destination_workload_namespace: 'bookinfo',
              request_protocol: 'http',
              response_code: '200',
              connection_security_policy: 'mutual_tls',
            },
            value: 4,
          },
        ],
        latencyBuckets: [],
        tcp: [],
      },
      { namespaces: ['bookinfo'], window: '1m', time: 1, queries: 3 },
    );
    const g = applyConfigOverlay(telemetry, bookinfoWithPolicies());
    const e = g.edges.find((x) => x.id === 'service:bookinfo/reviews->workload:bookinfo/reviews-v2')!;
    assert.deepEqual([e.configOnly, e.requestsPerSecond, e.config.weight], [false, 4, 75]);
    assert.equal(
      telemetry.edges.find((x) => x.id === e.id)!.config.weight,
      undefined,
      'input graph unchanged',
    );
    assert.ok(!g.nodes.some((n) => n.namespace === 'istio-system' && n.kind === 'workload'));
    assert.equal(g.nodes.find((n) => n.id === 'workload:bookinfo/reviews-v2')!.idle, false);
  });

  it('reads workspace manifests, which override cluster objects', () => {
    const cluster = seedMeshObjects('bookinfo');
    const edited = vs('reviews', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }],
    });
    const merged = mergeMeshObjects(cluster, { virtualServices: [edited] });
    assert.equal(merged.virtualServices.length, cluster.virtualServices.length);
    const g = applyConfigOverlay(empty(['bookinfo']), merged);
    const targets = g.edges
      .filter((e) => e.source === 'service:bookinfo/reviews')
      .map((e) => [e.target, e.config.weight]);
    assert.deepEqual(targets, [['workload:bookinfo/reviews-v2', undefined]]);
    // manifests as the workspace holds them: namespace defaulted, foreign kinds ignored
    const fromFiles = meshObjectsFromManifests(
      [
        { apiVersion: net, kind: 'DestinationRule', metadata: { name: 'x' }, spec: { host: 'x' } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
        'not an object',
      ],
      'bookinfo',
    );
    assert.deepEqual(
      fromFiles.destinationRules.map((d) => d.metadata.namespace),
      ['bookinfo'],
    );
    assert.equal(fromFiles.gateways.length, 0);
  });

  it('scales to the large seed: 300 services, 300 workloads, one edge each', () => {
    const g = applyConfigOverlay(empty([]), seedMeshObjects('large'));
    assert.equal(g.nodes.filter((n) => n.kind === 'service').length, 300);
    assert.equal(g.nodes.filter((n) => n.kind === 'workload').length, 300);
    assert.equal(g.edges.length, 300);
  });
});
