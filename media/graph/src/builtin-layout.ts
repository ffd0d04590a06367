/**
 * Cytoscape's own layouts (breadthfirst, grid, cose) on a headless copy of the graph in which the
 * namespace boxes are compound parents again: the layouts then keep a namespace's nodes together (cose
 * also only repels nodes of the same box from each other, which on a flat graph of 1,000 nodes costs
 * ten times as much). The canvas itself has no compound nodes (see namespace-boxes.ts); it only takes
 * the positions.
 */
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import type { Point } from './positions';

/** Node size the layouts reserve: the 28 px node and its border (labels are not measured headless). */
const NODE_SIZE = 34;

/** Centre positions of the leaf nodes of `cy` after layout `name`. */
export function builtInPositions(cy: Core, name: string): Map<string, Point> {
  const elements: ElementDefinition[] = [];
  cy.nodes().forEach((node) => {
    const box = node.hasClass('namespace');
    elements.push({
      group: 'nodes',
      data: { id: node.id(), parent: box ? undefined : (node.data('box') as string | undefined) },
      position: { ...node.position() },
      classes: box ? 'box' : '',
    });
  });
  cy.edges().forEach((edge) => {
    elements.push({
      group: 'edges',
      data: { id: edge.id(), source: edge.source().id(), target: edge.target().id() },
    });
  });
  const copy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node', style: { width: NODE_SIZE, height: NODE_SIZE } },
      { selector: 'node.box', style: { padding: '16px' } },
    ],
    elements,
  });
  try {
    // the real canvas's size: what the layouts would use as their default bounding box
    const boundingBox = { x1: 0, y1: 0, w: cy.width(), h: cy.height() };
    copy.layout({ name, animate: false, fit: false, boundingBox } as LayoutOptions).run();
    const positions = new Map<string, Point>();
    copy.nodes().forEach((node) => {
      if (!node.hasClass('box')) positions.set(node.id(), { ...node.position() });
    });
    return positions;
  } finally {
    copy.destroy();
  }
}
