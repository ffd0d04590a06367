/**
 * The pure parts of how the service-graph canvas stays fast on large meshes: namespace boxes sized
 * around their members (plain nodes, not compound parents), labels only once zoomed in, and the graph
 * that warms the layout workers up.
 */
import * as assert from 'node:assert/strict';
import { warmUpGraph } from '../../media/graph/src/elk-warmup';
import { BOX_PADDING, boxAround, MEMBER_EXTENT } from '../../media/graph/src/namespace-boxes';
import { LABEL_ZOOM, wantLabels } from '../../media/graph/src/zoom-labels';

describe('graph canvas', () => {
  describe('namespace boxes', () => {
    it('has no box without members', () => {
      assert.equal(boxAround([]), undefined);
    });

    it('frames the members with their extent and the padding', () => {
      const extent = { left: 10, right: 20, top: 5, bottom: 30 };
      const rect = boxAround(
        [
          { x: 0, y: 0 },
          { x: 100, y: 50 },
          { x: 40, y: -20 },
        ],
        extent,
        8,
      );
      // x: -10-8 .. 100+20+8, y: -20-5-8 .. 50+30+8
      assert.deepEqual(rect, { x: 55, y: 27.5, width: 146, height: 121 });
    });

    it('gives a single member room for its node and label', () => {
      const rect = boxAround([{ x: 10, y: 10 }])!;
      assert.equal(rect.width, MEMBER_EXTENT.left + MEMBER_EXTENT.right + 2 * BOX_PADDING);
      assert.equal(rect.height, MEMBER_EXTENT.top + MEMBER_EXTENT.bottom + 2 * BOX_PADDING);
      // the label hangs below the node: the box reaches further down than up
      assert.ok(rect.y > 10);
    });
  });

  describe('labels', () => {
    it('labels small graphs at every zoom, large ones only when zoomed in', () => {
      assert.equal(wantLabels(false, 0.1), true);
      assert.equal(wantLabels(true, 0.1), false);
      assert.equal(wantLabels(true, LABEL_ZOOM), true);
      assert.equal(wantLabels(true, 2), true);
    });
  });

  describe('layout warm-up', () => {
    it('is a layered graph whose edges go to later tiers between existing nodes', () => {
      const graph = warmUpGraph(4, 6);
      const ids = new Set(graph.children!.map((n) => n.id));
      assert.equal(ids.size, 24);
      const tier = (id: string) => Number(/^n(\d+)-/.exec(id)![1]);
      assert.ok(graph.edges!.length >= 2 * 6 * 3 - 3);
      for (const e of graph.edges!) {
        assert.ok(ids.has(e.sources[0]) && ids.has(e.targets[0]));
        assert.ok(tier(e.targets[0]) > tier(e.sources[0]));
      }
      assert.equal(new Set(graph.edges!.map((e) => e.id)).size, graph.edges!.length);
    });
  });
});
