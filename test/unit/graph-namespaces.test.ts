/**
 * Several namespaces (or all) in one service graph: the picker's selection rules, the persisted
 * settings and messages, and the refresh — still three queries, each filtered by a regex of the
 * chosen namespaces (none for all), with the overlay showing exactly those namespaces.
 */
import * as assert from 'node:assert/strict';
import type { KubeObject } from '../../client/src/cluster/transport';
import { GraphSource } from '../../client/src/graph/graph-source';
import { emptyMeshObjects } from '../../client/src/graph/mesh-objects';
import type { PrometheusClient } from '../../client/src/graph/prometheus-client';
import { QUERIES_PER_REFRESH } from '../../client/src/graph/queries';
import {
  ALL_NAMESPACES,
  namespacesLabel,
  normalizeNamespaces,
  parseSettings,
  parseWebviewMessage,
  queryNamespaces,
  toggleNamespace,
} from '../../client/src/graph/webview-protocol';

/** A Prometheus that answers nothing and records the queries. */
function recording(): PrometheusClient & { queries: string[] } {
  const c = {
    target: 'test',
    queries: [] as string[],
    query: async (q: string) => (c.queries.push(q), []),
    queryRange: async () => [],
  };
  return c;
}

const service = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace, name },
  spec: { selector: { app: name } },
});

describe('graph: several namespaces at once', () => {
  it('toggles namespaces and "all" like a multi-select', () => {
    assert.deepEqual(toggleNamespace([], 'shop', true), ['shop']);
    assert.deepEqual(toggleNamespace(['shop'], 'bookinfo', true), ['bookinfo', 'shop']);
    assert.deepEqual(toggleNamespace(['bookinfo', 'shop'], 'shop', false), ['bookinfo']);
    assert.deepEqual(toggleNamespace(['bookinfo'], ALL_NAMESPACES, true), [ALL_NAMESPACES]);
    assert.deepEqual(toggleNamespace([ALL_NAMESPACES], ALL_NAMESPACES, false), []);
    // unchecking one while all are shown leaves the others; checking one keeps "all"
    assert.deepEqual(toggleNamespace([ALL_NAMESPACES], 'shop', false, ['a', 'shop', 'b']), ['a', 'b']);
    assert.deepEqual(toggleNamespace([ALL_NAMESPACES], 'shop', true, ['a', 'shop']), [ALL_NAMESPACES]);
  });

  it('normalizes, labels and maps the selection to the queried namespaces', () => {
    assert.deepEqual(normalizeNamespaces(['shop', 'bookinfo', 'shop', ' ']), ['bookinfo', 'shop']);
    assert.deepEqual(normalizeNamespaces(['shop', ALL_NAMESPACES]), [ALL_NAMESPACES]);
    assert.deepEqual(queryNamespaces([ALL_NAMESPACES]), []);
    assert.deepEqual(queryNamespaces(['a', 'b']), ['a', 'b']);
    assert.equal(namespacesLabel([ALL_NAMESPACES]), 'all namespaces');
    assert.equal(namespacesLabel(['a', 'b']), 'a, b');
    assert.equal(namespacesLabel(['a', 'b', 'c', 'd']), 'a, b +2');
    assert.equal(namespacesLabel([]), 'no namespace');
  });

  it('persists several namespaces (or all) and accepts them from the webview', () => {
    assert.deepEqual(parseSettings({ namespaces: ['shop', 'bookinfo'] }).namespaces, ['bookinfo', 'shop']);
    assert.deepEqual(parseSettings({ namespaces: [ALL_NAMESPACES] }).namespaces, [ALL_NAMESPACES]);
    assert.deepEqual(parseWebviewMessage({ type: 'setNamespace', namespaces: ['b', 'a', 'a'] }), {
      type: 'setNamespace',
      namespaces: ['a', 'b'],
    });
    assert.equal(parseWebviewMessage({ type: 'setNamespace', namespaces: ['a', 3] }), undefined);
  });

  it('refreshes several namespaces with the same three queries, filtered by their regex', async () => {
    const prometheus = recording();
    const objects = emptyMeshObjects();
    objects.services.push(service('bookinfo', 'reviews'), service('shop', 'cart'), service('other', 'x'));
    const source = new GraphSource({ prometheus, objects: () => objects });
    const graph = await source.refresh({ namespaces: queryNamespaces(['shop', 'bookinfo']), window: '5m' });
    assert.equal(prometheus.queries.length, QUERIES_PER_REFRESH);
    assert.ok(QUERIES_PER_REFRESH <= 4);
    for (const q of prometheus.queries)
      assert.match(q, /destination_service_namespace=~"shop\|bookinfo"/, 'each query selects both');
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      ['service:bookinfo/reviews', 'service:shop/cart'],
      'the overlay shows the chosen namespaces only',
    );

    const all = recording();
    const everything = await new GraphSource({ prometheus: all, objects: () => objects }).refresh({
      namespaces: queryNamespaces([ALL_NAMESPACES]),
      window: '5m',
    });
    assert.equal(all.queries.length, QUERIES_PER_REFRESH);
    for (const q of all.queries) assert.match(q, /destination_service_namespace=~"\.\+"/);
    assert.equal(everything.nodes.length, 3);
  });
});
