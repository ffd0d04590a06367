/**
 * Geometry of the namespace boxes (pure: no DOM, unit-tested in plain Node). A box is a plain node drawn
 * under its members, not a cytoscape compound parent: compound nodes make cytoscape walk parents and
 * descendants on every style, position and bounds change, which costs about a second at 1,000 nodes.
 */
import type { Point } from './positions';

/** Centre and size of a box. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far a member node reaches from its centre: the 28 px node and its border, its label below. */
export interface Extent {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A member node of the graph style: up to two 11 px label lines under the node, ~80 px wide. */
export const MEMBER_EXTENT: Extent = { left: 40, right: 40, top: 17, bottom: 52 };

/** Room between the members and the box border. */
export const BOX_PADDING = 16;

/** The box around `points` (member centres), or undefined for none. */
export function boxAround(
  points: Iterable<Point>,
  extent: Extent = MEMBER_EXTENT,
  padding = BOX_PADDING,
): Rect | undefined {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of points) {
    if (x < x1) x1 = x;
    if (x > x2) x2 = x;
    if (y < y1) y1 = y;
    if (y > y2) y2 = y;
  }
  if (!Number.isFinite(x1)) return undefined;
  x1 -= extent.left + padding;
  x2 += extent.right + padding;
  y1 -= extent.top + padding;
  y2 += extent.bottom + padding;
  return { x: (x1 + x2) / 2, y: (y1 + y2) / 2, width: x2 - x1, height: y2 - y1 };
}
