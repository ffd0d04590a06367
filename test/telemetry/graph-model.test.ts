/**
 * The pure telemetry model with canned Prometheus answers: node kinds and ids, service injection,
 * the destination reporter winning over the source, errors (5xx, gRPC non-OK), mTLS share, quantiles from buckets,
 * TCP edges, and the queries (three, namespace and window parametrised, injection-proof).
 */
import * as assert from 'node:assert/strict';
import { buildGraphModel, isErrorSeries, type TelemetryVectors } from '../../client/src/graph/graph-model';
import type { PromSample } from '../../client/src/graph/prometheus-client';
import { responseRows } from '../../client/src/graph/grpc-status';
import { histogramQuantile } from '../../client/src/graph/histogram-quantile';
import { graphQueries, namespaceRegex, QUERIES_PER_REFRESH } from '../../client/src/graph/queries';

const edgeLabels = (src: string, svc: string, wl: string, extra: Record<string, string> = {}) => {
  const [sns, sname] = src.split('/');
  const [dns, dname] = svc.split('/');
  const [wns, wname] = wl.split('/');
  return {
    reporter: 'destination',
    source_workload: sname!,
    source_workload_namespace: sns!,
    source_canonical_service: sname!.replace(/-v\d+$/, ''),
    destination_service: dname === 'unknown' ? 'unknown' : `${dname}.${dns}.svc.cluster.local`,
    destination_service_name: dname!,
    destination_service_namespace: dns!,
    destination_workload: wname!,
    destination_workload_namespace: wns!,
    destination_canonical_service: wname!.replace(/-v\d+$/, ''),
    destination_version: /-(v\d+)$/.exec(wname!)?.[1] ?? 'unknown',
    request_protocol: 'http',
    response_code: '200',
    connection_security_policy: 'mutual_tls',
    ...extra,
  };
};
const s = (metric: Record<string, string>, value: number): PromSample => ({ metric, value });
const empty: TelemetryVectors = { requests: [], latencyBuckets: [], tcp: [] };
const opts = { namespaces: ['shop'], window: '5m', time: 1_700_000_000_000, queries: 3 };

describe('graph model (canned Prometheus vectors)', () => {
  it('injects service nodes and sums rates, errors and mTLS share per edge and node', () => {
    const a = 'shop/frontend-v1';
    const g = buildGraphModel(
      {
        ...empty,
        requests: [
          s(edgeLabels(a, 'shop/cart', 'shop/cart-v1'), 6),
          s(edgeLabels(a, 'shop/cart', 'shop/cart-v1', { response_code: '503' }), 2),
          s(edgeLabels(a, 'shop/cart', 'shop/cart-v2', { connection_security_policy: 'none' }), 2),
          s(edgeLabels(a, 'shop/cart', 'shop/cart-v2', { response_code: '404' }), 0), // a zero series adds nothing
        ],
      },
      opts,
    );
    assert.deepEqual(
      g.edges.map((e) => [e.id, e.requestsPerSecond, e.errorRate, e.mtlsShare]),
      [
        ['service:shop/cart->workload:shop/cart-v1', 8, 0.25, 1],
        ['service:shop/cart->workload:shop/cart-v2', 2, 0, 0],
        ['workload:shop/frontend-v1->service:shop/cart', 10, 0.2, 0.8],
      ],
    );
    assert.deepEqual(g.edges[0]!.responseCodes, { '200': 6, '503': 2 });
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    assert.equal(node('service:shop/cart').requestsPerSecond, 10);
    assert.equal(node('service:shop/cart').errorRate, 0.2);
    assert.equal(node('workload:shop/cart-v2').version, 'v2');
    assert.equal(node('workload:shop/cart-v2').app, 'cart');
    assert.equal(node('workload:shop/frontend-v1').requestsPerSecond, 0);
    assert.ok(g.nodes.every((n) => !n.idle));
    assert.equal(g.mode, 'telemetry');
  });

  it('prefers the destination report; uses the source report where the destination has no sidecar', () => {
    const a = 'shop/frontend-v1';
    const dest = edgeLabels(a, 'shop/cart', 'shop/cart-v1');
    const src = { ...dest, reporter: 'source', connection_security_policy: 'unknown' };
    const external = {
      ...edgeLabels(a, 'shop/unknown', 'unknown/unknown'),
      reporter: 'source',
      destination_service: 'api.stripe.com',
      destination_service_name: 'api.stripe.com',
      destination_service_namespace: 'shop',
      destination_workload: 'unknown',
      destination_workload_namespace: 'unknown',
      connection_security_policy: 'unknown',
    };
    const g = buildGraphModel({ ...empty, requests: [s(src, 5.1), s(dest, 5), s(external, 1)] }, opts);
    const byId = new Map(g.edges.map((e) => [e.id, e]));
    assert.equal(byId.get('workload:shop/frontend-v1->service:shop/cart')!.requestsPerSecond, 5);
    const ext = byId.get('workload:shop/frontend-v1->external:api.stripe.com')!;
    assert.equal(ext.requestsPerSecond, 1);
    assert.equal(ext.mtlsShare, undefined);
    assert.equal(g.nodes.find((n) => n.id === 'external:api.stripe.com')!.kind, 'external');
  });

  it('names ingress gateways and unknown sources', () => {
    const g = buildGraphModel(
      {
        ...empty,
        requests: [
          s(edgeLabels('istio-system/istio-ingressgateway', 'shop/web', 'shop/web-v1'), 3),
          s(
            edgeLabels('unknown/unknown', 'shop/web', 'shop/web-v1', { connection_security_policy: 'none' }),
            1,
          ),
        ],
      },
      opts,
    );
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.kind, n.namespace]),
      [
        ['ingress:istio-system/istio-ingressgateway', 'ingress', 'istio-system'],
        ['service:shop/web', 'service', 'shop'],
        ['unknown', 'unknown', ''],
        ['workload:shop/web-v1', 'workload', 'shop'],
      ],
    );
    assert.equal(g.edges.find((e) => e.id === 'service:shop/web->workload:shop/web-v1')!.mtlsShare, 0.75);
  });

  it('counts non-OK grpc-status as errors, 4xx not', () => {
    assert.equal(
      isErrorSeries({ request_protocol: 'grpc', response_code: '200', grpc_response_status: '14' }),
      true,
    );
    assert.equal(
      isErrorSeries({ request_protocol: 'grpc', response_code: '200', grpc_response_status: '0' }),
      false,
    );
    assert.equal(isErrorSeries({ request_protocol: 'http', response_code: '404' }), false);
    assert.equal(isErrorSeries({ request_protocol: 'http', response_code: '504' }), true);
  });

  it('splits gRPC responses by grpc-status under their HTTP code (failures arrive as HTTP 200)', () => {
    const grpc = (status: string, extra: Record<string, string> = {}) =>
      edgeLabels('shop/frontend-v1', 'shop/cart', 'shop/cart-v1', {
        request_protocol: 'grpc',
        grpc_response_status: status,
        ...extra,
      });
    const g = buildGraphModel(
      {
        ...empty,
        requests: [
          s(grpc('0'), 9),
          s(grpc('14'), 0.5),
          s(grpc('4'), 0.25),
          s(grpc('14', { response_code: '503' }), 0.25),
          // an HTTP series on the same edge keeps a plain code and adds no gRPC status
          s(edgeLabels('shop/frontend-v1', 'shop/cart', 'shop/cart-v1', { grpc_response_status: '' }), 1),
        ],
      },
      opts,
    );
    const e = g.edges.find((x) => x.id === 'workload:shop/frontend-v1->service:shop/cart')!;
    assert.equal(e.protocol, 'grpc');
    assert.deepEqual(e.responseCodes, { '200': 10.75, '503': 0.25 });
    assert.deepEqual(e.grpcStatuses, { '200': { '0': 9, '14': 0.5, '4': 0.25 }, '503': { '14': 0.25 } });
    assert.equal(e.errorRate, 1 / 11);
    assert.deepEqual(
      responseRows(e.responseCodes, e.grpcStatuses).map((r) => [r.label, r.rps, r.error]),
      [
        ['200', 1, false],
        ['200 · OK', 9, false],
        ['200 · DEADLINE_EXCEEDED (4)', 0.25, true],
        ['200 · UNAVAILABLE (14)', 0.5, true],
        ['503 · UNAVAILABLE (14)', 0.25, true],
      ],
    );
    const http = buildGraphModel(
      { ...empty, requests: [s(edgeLabels('shop/a-v1', 'shop/b', 'shop/b-v1'), 1)] },
      opts,
    );
    assert.ok(http.edges.every((x) => x.grpcStatuses === undefined));
  });

  it('takes p50/p95/p99 from duration buckets, summed per hop; TCP bytes on TCP edges', () => {
    const a = edgeLabels('shop/frontend-v1', 'shop/cart', 'shop/cart-v1');
    const b = edgeLabels('shop/frontend-v1', 'shop/cart', 'shop/cart-v2');
    // cart-v1: 10/s, all in (5, 10]; cart-v2: 10/s, all in (50, 100]
    const buckets = (l: Record<string, string>, counts: [string, number][]) =>
      counts.map(([le, value]) => s({ ...l, le }, value));
    const g = buildGraphModel(
      {
        requests: [s(a, 10), s(b, 10)],
        latencyBuckets: [
          ...buckets(a, [
            ['5', 0],
            ['10', 10],
            ['50', 10],
            ['100', 10],
            ['+Inf', 10],
          ]),
          ...buckets(b, [
            ['5', 0],
            ['10', 0],
            ['50', 0],
            ['100', 10],
            ['+Inf', 10],
          ]),
        ],
        tcp: [s(edgeLabels('shop/cart-v1', 'shop/redis', 'shop/redis-v1'), 2048)],
      },
      opts,
    );
    const byId = new Map(g.edges.map((e) => [e.id, e]));
    assert.deepEqual(byId.get('service:shop/cart->workload:shop/cart-v1')!.latency, {
      p50: 7.5,
      p95: 9.75,
      p99: 9.95,
    });
    assert.deepEqual(byId.get('service:shop/cart->workload:shop/cart-v2')!.latency, {
      p50: 75,
      p95: 97.5,
      p99: 99.5,
    });
    // the caller's edge sees both: half below 10 ms, half in (50, 100]
    assert.deepEqual(byId.get('workload:shop/frontend-v1->service:shop/cart')!.latency, {
      p50: 10,
      p95: 95,
      p99: 99,
    });
    const tcp = byId.get('workload:shop/cart-v1->service:shop/redis')!;
    assert.deepEqual(
      [tcp.protocol, tcp.bytesPerSecond, tcp.requestsPerSecond, tcp.mtlsShare],
      ['tcp', 2048, 0, 1],
    );
  });

  it('computes quantiles like Prometheus: +Inf answers the highest bound, no observations no value', () => {
    const b = (pairs: [number, number][]) =>
      new Map(pairs.map(([le, v]) => [le === Infinity ? '+Inf' : String(le), v]));
    assert.equal(
      histogramQuantile(
        0.99,
        b([
          [1, 0],
          [5, 90],
          [Infinity, 100],
        ]),
      ),
      5,
    );
    assert.equal(
      histogramQuantile(
        0.5,
        b([
          [1, 10],
          [Infinity, 10],
        ]),
      ),
      0.5,
    );
    assert.ok(
      Number.isNaN(
        histogramQuantile(
          0.5,
          b([
            [1, 0],
            [Infinity, 0],
          ]),
        ),
      ),
    );
    assert.ok(
      Number.isNaN(
        histogramQuantile(
          0.5,
          b([
            [1, 3],
            [5, 4],
          ]),
        ),
      ),
      'no +Inf bucket',
    );
    assert.equal(
      histogramQuantile(
        0.5,
        b([
          [1, 4],
          [2, 3.9999],
          [Infinity, 8],
        ]),
      ),
      1,
      'made monotonic',
    );
  });

  it('issues three queries over the namespaces and window, rejecting bad windows', () => {
    const q = graphQueries({ namespaces: ['shop', 'team.1'], window: '2m' });
    assert.equal(Object.keys(q).length, QUERIES_PER_REFRESH);
    assert.equal(QUERIES_PER_REFRESH, 3);
    for (const text of Object.values(q)) {
      assert.match(text, /destination_service_namespace=~"shop\|team\\\\.1"/);
      assert.match(text, /\[2m\]/);
    }
    assert.match(q.requests, /^sum by \(reporter,source_workload,/);
    assert.match(q.requests, /istio_requests_total/);
    // the response breakdown splits gRPC outcomes by status: the request query must keep the label
    assert.match(q.requests, /^sum by \([^)]*\bresponse_code,grpc_response_status\b/);
    assert.match(
      q.latencyBuckets,
      /^sum by \(reporter,source_workload,.*,destination_workload_namespace,le\) \(rate\(istio_request_duration_milliseconds_bucket/,
    );
    assert.match(q.tcp, /istio_tcp_received_bytes_total/);
    assert.equal(namespaceRegex([]), '.+');
    assert.throws(
      () => graphQueries({ namespaces: [], window: '5m]) or vector(1' }),
      /not a Prometheus duration/,
    );
  });
});
