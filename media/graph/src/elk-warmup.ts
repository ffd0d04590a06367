/**
 * The graph the ELK workers lay out when they start: a namespace-like layered graph (tiers of services
 * calling the next tier, some calls skipping one), so ELK's code is compiled and optimised by the time
 * the first real graph arrives (the extension queries telemetry meanwhile). A tiny graph leaves most of
 * the layered algorithm cold: the first real layout then runs up to twice as slow.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { BOX_PADDING, LAYERED, NODE_HEIGHT, NODE_WIDTH } from './elk-options';

export function warmUpGraph(tiers = 5, perTier = 10): ElkNode {
  const id = (tier: number, i: number) => `n${tier}-${i}`;
  const children: ElkNode[] = [];
  const edges: NonNullable<ElkNode['edges']> = [];
  for (let tier = 0; tier < tiers; tier++) {
    for (let i = 0; i < perTier; i++) {
      children.push({ id: id(tier, i), width: NODE_WIDTH, height: NODE_HEIGHT });
      if (tier === tiers - 1) continue;
      const targets = new Set([(i * 3 + 1) % perTier, (i * 7 + 3) % perTier]);
      for (const j of targets) {
        edges.push({ id: `e${edges.length}`, sources: [id(tier, i)], targets: [id(tier + 1, j)] });
      }
      if (i % 3 === 0 && tier < tiers - 2) {
        edges.push({
          id: `e${edges.length}`,
          sources: [id(tier, i)],
          targets: [id(tier + 2, (i + 5) % perTier)],
        });
      }
    }
  }
  return { id: 'warm-up', layoutOptions: { ...LAYERED, 'elk.padding': BOX_PADDING }, children, edges };
}
