/**
 * Keeps the namespace box nodes around their members: after a layout or a filter, and while the user
 * drags a node (once per frame). Boxes are plain nodes under everything else (see namespace-boxes.ts).
 */
import type { Core, NodeSingular } from 'cytoscape';
import { boxAround } from './namespace-boxes';

export class BoxNodes {
  /** member nodes by box id, rebuilt by {@link index} when elements change */
  private members = new Map<string, NodeSingular[]>();
  private dirty = new Set<string>();
  private frame = 0;

  constructor(private readonly cy: Core) {
    cy.on('drag', 'node', (e) => {
      const box = (e.target as NodeSingular).data('box') as string | undefined;
      if (!box) return;
      this.dirty.add(box);
      this.frame ||= requestAnimationFrame(() => {
        this.frame = 0;
        const boxes = [...this.dirty];
        this.dirty.clear();
        this.fit(boxes);
      });
    });
  }

  /** Re-read which nodes belong to which box (after elements were added or removed). */
  index(): void {
    this.members.clear();
    this.cy.nodes().forEach((node) => {
      const box = node.data('box') as string | undefined;
      if (!box) return;
      const list = this.members.get(box);
      if (list) list.push(node);
      else this.members.set(box, [node]);
    });
  }

  /** Size `boxes` (default: all) around their visible members. */
  fit(boxes: Iterable<string> = this.members.keys()): void {
    this.cy.batch(() => {
      for (const id of boxes) {
        const box = this.cy.getElementById(id);
        const rect = boxAround(
          (this.members.get(id) ?? []).filter((n) => !n.hasClass('hidden')).map((n) => n.position()),
        );
        if (box.empty() || !rect) continue;
        box.position({ x: rect.x, y: rect.y });
        box.data({ width: Math.round(rect.width), height: Math.round(rect.height) });
      }
    });
  }

  /** Box ids of `nodes`. */
  boxesOf(nodes: NodeSingular[]): string[] {
    return [...new Set(nodes.map((n) => n.data('box') as string | undefined))].filter(
      (b): b is string => b !== undefined,
    );
  }

  /** Whether every member of `box` is hidden. */
  empty(box: string): boolean {
    return (this.members.get(box) ?? []).every((n) => n.hasClass('hidden'));
  }
}
