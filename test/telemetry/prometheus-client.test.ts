/**
 * The Prometheus HTTP client against a scripted loopback server: query/query_range parameters, and
 * each failure as a typed error (unreachable, timeout, HTTP error with Prometheus's message, bad
 * response, aborted by the caller).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createPrometheusClient,
  directTransport,
  PrometheusError,
  type PrometheusClient,
} from '../../client/src/graph/prometheus-client';
import { locatePrometheus, parseProxyService, proxyPath } from '../../client/src/graph/prometheus-location';
import { freePort } from './prometheus-harness';

describe('Prometheus client', () => {
  let server: http.Server;
  let url: string;
  const seen: URL[] = [];
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(new URL(req.url!, 'http://x'));
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prom/`;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const client = (timeoutMs = 2000): PrometheusClient =>
    createPrometheusClient({ target: url, transport: directTransport(url), timeoutMs });
  const json = (status: number, body: unknown) => (_: http.IncomingMessage, res: http.ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const rejectsWith = (p: Promise<unknown>, kind: string, message?: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof PrometheusError, String(e));
      assert.equal(e.kind, kind, e.message);
      if (message) assert.match(e.message, message);
      return true;
    });

  it('sends query and query_range with time, start, end and step; parses vectors and matrices', async () => {
    handler = json(200, {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { a: '1' }, value: [1700000000, '2.5'] },
          { metric: {}, value: [1, 'NaN'] },
        ],
      },
    });
    const v = await client().query('up', { time: 1_700_000_000_500 });
    assert.deepEqual(v[0], { metric: { a: '1' }, value: 2.5 });
    assert.ok(Number.isNaN(v[1]!.value));
    const q = seen.at(-1)!;
    assert.deepEqual(
      [q.pathname, q.searchParams.get('query'), q.searchParams.get('time')],
      ['/prom/api/v1/query', 'up', '1700000000.500'],
    );
    handler = json(200, {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { b: '2' },
            values: [
              [1, '1'],
              [2, '3'],
            ],
          },
        ],
      },
    });
    const m = await client().queryRange('up', { start: 1000, end: 61_000, stepSeconds: 15 });
    assert.deepEqual(m, [
      {
        metric: { b: '2' },
        values: [
          [1, 1],
          [2, 3],
        ],
      },
    ]);
    assert.deepEqual(
      ['start', 'end', 'step'].map((k) => seen.at(-1)!.searchParams.get(k)),
      ['1.000', '61.000', '15'],
    );
  });

  it('reports a bad query with Prometheus’s message (HTTP 400)', async () => {
    handler = json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' });
    await rejectsWith(client().query('up{'), 'http', /bad_data: parse error at char 3/);
  });

  it('reports other HTTP errors, non-Prometheus answers and the wrong result type', async () => {
    handler = (_, res) => res.writeHead(502).end('Bad Gateway');
    await rejectsWith(client().query('up'), 'http', /HTTP 502 Bad Gateway/);
    handler = (_, res) => res.writeHead(200).end('<html>Grafana</html>');
    await rejectsWith(client().query('up'), 'bad-response', /did not answer JSON/);
    handler = json(200, { hello: 'world' });
    await rejectsWith(client().query('up'), 'bad-response', /did not answer like the Prometheus API/);
    handler = json(200, { status: 'success', data: { resultType: 'matrix', result: [] } });
    await rejectsWith(client().query('up'), 'bad-response', /expected a vector, got matrix/);
  });

  it('times out, honours the caller’s signal, and reports a refused connection as unreachable', async () => {
    handler = () => undefined; // never answers
    await rejectsWith(client(200).query('up'), 'timeout', /did not answer within 200 ms/);
    const controller = new AbortController();
    const pending = client().query('up', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(pending, 'aborted');
    await rejectsWith(client().query('up', { signal: AbortSignal.abort() }), 'aborted');
    const closed = `http://127.0.0.1:${await freePort()}`;
    const refused = createPrometheusClient({ target: closed, transport: directTransport(closed) });
    await rejectsWith(refused.query('up'), 'unreachable', /127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('locates Prometheus: the URL setting first, else the API server proxy of a configurable service', () => {
    assert.deepEqual(parseProxyService('istio-system/prometheus:9090'), {
      namespace: 'istio-system',
      name: 'prometheus',
      port: '9090',
    });
    assert.deepEqual(parseProxyService('monitoring/prom'), {
      namespace: 'monitoring',
      name: 'prom',
      port: undefined,
    });
    assert.equal(parseProxyService('prometheus'), undefined);
    assert.equal(
      proxyPath(parseProxyService('istio-system/prometheus:9090')!),
      '/api/v1/namespaces/istio-system/services/prometheus:9090/proxy',
    );
    assert.equal(locatePrometheus({ url: 'http://prom:9090' }).client?.target, 'http://prom:9090');
    assert.match(locatePrometheus({ url: 'prom:9090' }).reason!, /must be an http\(s\) URL/);
    assert.match(locatePrometheus({}).reason!, /not configured/);
  });
});
