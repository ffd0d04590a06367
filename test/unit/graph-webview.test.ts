/**
 * The pure parts of the service-graph view: graph → canvas elements (labels, health, boxes), number
 * formats, position merging across refreshes, the worker job split, and validation of the messages the
 * webview sends the extension.
 */
import * as assert from 'node:assert/strict';
import type { GraphEdge, ServiceGraph } from '../../client/src/graph/graph-types';
import { parseSettings, parseWebviewMessage } from '../../client/src/graph/webview-protocol';
import {
  edgeLabel,
  FILE_GLYPH,
  LOCK_GLYPH,
  namespaceBoxId,
  toElements,
} from '../../media/graph/src/elements';
import { formatMs, formatPercent, formatRps, healthOf } from '../../media/graph/src/format';
import { assignJobs, mergePositions } from '../../media/graph/src/positions';

const edge = (over: Partial<GraphEdge> = {}): GraphEdge => ({
  id: 'a->b',
  source: 'a',
  target: 'b',
  protocol: 'http',
  requestsPerSecond: 12,
  errorRate: 0,
  responseCodes: { '200': 12 },
  latency: { p99: 120 },
  configOnly: false,
  config: {},
  ...over,
});

const graph = (edges: GraphEdge[]): ServiceGraph => ({
  nodes: [
    {
      id: 'a',
      kind: 'workload',
      namespace: 'bookinfo',
      name: 'productpage-v1',
      version: 'v1',
      requestsPerSecond: 12,
      errorRate: 0,
      idle: false,
      resources: [],
    },
    {
      id: 'b',
      kind: 'service',
      namespace: 'bookinfo',
      name: 'reviews',
      requestsPerSecond: 12,
      errorRate: 0.2,
      idle: false,
      resources: [],
    },
    {
      id: 'x',
      kind: 'external',
      namespace: '',
      name: 'api.example.com',
      requestsPerSecond: 0,
      errorRate: 0,
      idle: true,
      resources: [],
    },
  ],
  edges,
  namespaces: ['bookinfo'],
  window: '5m',
  time: 0,
  mode: 'telemetry',
  notices: [],
  queries: 4,
});

describe('graph webview', () => {
  describe('elements', () => {
    it('labels an edge with weight, rps, error share and p99, and a padlock when all mTLS', () => {
      assert.equal(
        edgeLabel(edge({ config: { weight: 90 }, errorRate: 0.02 })),
        '90% · 12 rps · 2.0% · p99 120ms',
      );
      assert.equal(edgeLabel(edge({ mtlsShare: 1 })), `${LOCK_GLYPH} 12 rps · p99 120ms`);
      assert.equal(edgeLabel(edge({ mtlsShare: 0.5 })), '12 rps · p99 120ms');
      assert.equal(
        edgeLabel(edge({ configOnly: true, requestsPerSecond: 0, latency: {}, config: { weight: 10 } })),
        '10%',
      );
      assert.equal(
        edgeLabel(edge({ protocol: 'tcp', requestsPerSecond: 0, bytesPerSecond: 2048 })),
        '2.0 KB/s',
      );
    });

    it('marks what a workspace file routes: a file glyph on the edge, a class on edge and node', () => {
      const file = { uri: 'file:///ws/reviews.yaml', path: 'reviews.yaml', line: 0 };
      const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'reviews', file };
      const routed = edge({ mtlsShare: 1, config: { weight: 90, virtualService: vs } });
      assert.equal(edgeLabel(routed), `${FILE_GLYPH} ${LOCK_GLYPH} 90% · 12 rps · p99 120ms`);
      const g = graph([routed]);
      g.nodes[1]!.resources = [vs];
      const { nodes, edges } = toElements(g);
      assert.ok(edges[0]!.classes.split(' ').includes('from-workspace'));
      assert.deepEqual(
        nodes.filter((n) => n.classes.split(' ').includes('from-workspace')).map((n) => n.data.id),
        ['b'],
      );
      assert.ok(!toElements(graph([edge()])).edges[0]!.classes.includes('from-workspace'));
    });

    it('classes edges by health, config-only (dashed), weight and mTLS', () => {
      const { edges } = toElements(
        graph([edge({ errorRate: 0.1, configOnly: true, config: { weight: 50 }, mtlsShare: 1 })]),
      );
      assert.deepEqual(edges[0].classes.split(' ').sort(), [
        'config-only',
        'health-failing',
        'mtls',
        'weighted',
      ]);
    });

    it('puts nodes in namespace boxes, leaves namespace-less nodes outside, drops dangling edges', () => {
      const { nodes, edges } = toElements(graph([edge(), edge({ id: 'a->gone', target: 'gone' })]));
      const box = nodes.find((n) => n.data.id === namespaceBoxId('bookinfo'));
      assert.equal(box?.data.kind, 'namespace');
      assert.equal(nodes.find((n) => n.data.id === 'a')?.data.box, namespaceBoxId('bookinfo'));
      assert.equal(nodes.find((n) => n.data.id === 'x')?.data.box, undefined);
      assert.equal(nodes.filter((n) => n.data.kind === 'namespace').length, 1);
      assert.deepEqual(
        edges.map((e) => e.data.id),
        ['a->b'],
      );
      assert.equal(nodes.find((n) => n.data.id === 'b')?.data.health, 'failing');
      assert.equal(nodes.find((n) => n.data.id === 'x')?.data.health, 'idle');
    });
  });

  it('formats rates, shares and latencies', () => {
    assert.equal(formatRps(0.05), '0.05 rps');
    assert.equal(formatRps(1234), '1.2k rps');
    assert.equal(formatPercent(0.004), '0.4%');
    assert.equal(formatPercent(0.25), '25%');
    assert.equal(formatMs(2500), '2.5s');
    assert.equal(formatMs(undefined), '–');
    assert.equal(healthOf(10, 0.01), 'degraded');
    assert.equal(healthOf(0, 0), 'idle');
  });

  describe('positions', () => {
    it('keeps known nodes and places a new one at its fresh offset from a known neighbour', () => {
      const fresh = new Map([
        ['a', { x: 0, y: 0 }],
        ['b', { x: 100, y: 0 }],
        ['new', { x: 100, y: 50 }],
      ]);
      const known = new Map([
        ['a', { x: 500, y: 500 }],
        ['b', { x: 700, y: 520 }],
      ]);
      const merged = mergePositions(fresh, known, (id) => (id === 'new' ? ['b'] : []));
      assert.deepEqual(merged.get('a'), { x: 500, y: 500 });
      assert.deepEqual(merged.get('new'), { x: 700, y: 570 });
    });

    it('spreads layout jobs over workers, largest first onto the least loaded', () => {
      assert.deepEqual(assignJobs([10, 1, 8, 3], 2), [0, 0, 1, 1]);
      assert.deepEqual(assignJobs([5, 5], 1), [0, 0]);
    });
  });

  describe('messages from the webview', () => {
    it('accepts well-formed messages', () => {
      assert.deepEqual(parseWebviewMessage({ type: 'setWindow', window: '1h' }), {
        type: 'setWindow',
        window: '1h',
      });
      const args = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
      };
      assert.deepEqual(parseWebviewMessage({ type: 'action', command: 'meshwright.canary.promote', args }), {
        type: 'action',
        command: 'meshwright.canary.promote',
        args,
      });
    });

    it('rejects commands outside the allow-list, bad windows and out-of-range intervals', () => {
      const args = { apiVersion: 'v1', kind: 'Service', name: 'x' };
      assert.equal(
        parseWebviewMessage({ type: 'action', command: 'workbench.action.terminal.new', args }),
        undefined,
      );
      assert.equal(parseWebviewMessage({ type: 'setWindow', window: '2d' }), undefined);
      assert.equal(parseWebviewMessage({ type: 'setRefresh', refreshMs: 10 }), undefined);
      assert.equal(parseWebviewMessage('ready'), undefined);
    });

    it('restores settings field by field, with defaults', () => {
      assert.deepEqual(parseSettings({ namespaces: ['bookinfo'], window: 'nope', paused: true }), {
        namespaces: ['bookinfo'],
        window: '5m',
        refreshMs: 30_000,
        paused: true,
      });
    });
  });
});
