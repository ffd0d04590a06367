/**
 * Layered (Sugiyama) layout with ELK in two phases. First each namespace box is laid out left to right
 * on its own, with its internal edges (boxes spread over the worker pool, in parallel); then the boxes,
 * at the size phase one gave them, and the nodes outside any namespace are laid out as one layered graph
 * whose edges are the namespace-to-namespace traffic. Inside a namespace this keeps the layered quality;
 * on large meshes it avoids one flat layout with every cross-namespace edge, which costs several seconds
 * at 1,000 nodes / 3,000 edges.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElementDefs } from './elements';
import { BOX_PADDING, LAYERED, NODE_HEIGHT, NODE_WIDTH } from './elk-options';
import { elkPool } from './elk-pool';
import { assignJobs, type Point } from './positions';

export type { Point } from './positions';

const edge = (id: string, source: string, target: string): ElkExtendedEdge => ({
  id,
  sources: [source],
  targets: [target],
});

/**
 * Centre positions of the leaf nodes of `elements` (the view draws the namespace boxes around their
 * members).
 */
export async function layeredPositions(elements: ElementDefs): Promise<Map<string, Point>> {
  const boxes = new Map<string, ElkNode>();
  for (const { data } of elements.nodes) {
    if (data.kind === 'namespace') {
      boxes.set(data.id, {
        id: data.id,
        layoutOptions: { ...LAYERED, 'elk.padding': BOX_PADDING },
        children: [],
        edges: [],
      });
    }
  }
  const parentOf = new Map<string, string | undefined>();
  const loose: ElkNode[] = [];
  for (const { data } of elements.nodes) {
    if (data.kind === 'namespace') continue;
    const box = data.box ? boxes.get(data.box) : undefined;
    parentOf.set(data.id, box?.id);
    (box?.children ?? loose).push({ id: data.id, width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  const rootEdges = new Map<string, ElkExtendedEdge>();
  for (const { data } of elements.edges) {
    if (data.source === data.target) continue;
    const sourceBox = parentOf.get(data.source);
    const targetBox = parentOf.get(data.target);
    if (sourceBox !== undefined && sourceBox === targetBox) {
      boxes.get(sourceBox)!.edges!.push(edge(data.id, data.source, data.target));
      continue;
    }
    // Across boxes: one edge between the outermost elements on each side orders the boxes.
    const from = sourceBox ?? data.source;
    const to = targetBox ?? data.target;
    const key = `${from}\u0000${to}`;
    if (from !== to && !rootEdges.has(key)) rootEdges.set(key, edge(`__agg${rootEdges.size}`, from, to));
  }

  // Phase 1: every box on its own, spread over the workers.
  const pool = elkPool();
  const jobs = [...boxes.values()];
  const assignment = assignJobs(
    jobs.map((b) => b.children!.length + b.edges!.length),
    pool.length,
  );
  const laidBoxes = await Promise.all(jobs.map((box, i) => pool[assignment[i]].layout(box)));

  // Phase 2: the boxes (fixed size) and the loose nodes.
  const root: ElkNode = {
    id: '__root',
    layoutOptions: LAYERED,
    children: [...laidBoxes.map((b) => ({ id: b.id, width: b.width, height: b.height })), ...loose],
    edges: [...rootEdges.values()],
  };
  const laidRoot = await pool[0].layout(root);
  const boxById = new Map(laidBoxes.map((b) => [b.id, b]));
  const positions = new Map<string, Point>();
  const centre = (n: ElkNode, dx: number, dy: number): Point => ({
    x: dx + (n.x ?? 0) + (n.width ?? 0) / 2,
    y: dy + (n.y ?? 0) + (n.height ?? 0) / 2,
  });
  for (const child of laidRoot.children ?? []) {
    const box = boxById.get(child.id);
    if (!box) {
      positions.set(child.id, centre(child, 0, 0));
      continue;
    }
    for (const node of box.children ?? []) positions.set(node.id, centre(node, child.x ?? 0, child.y ?? 0));
  }
  return positions;
}
