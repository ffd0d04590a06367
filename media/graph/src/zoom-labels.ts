/**
 * Labels of large graphs only once zoomed in. Cytoscape measures and places every label at every
 * layout, even one too small to draw (min-zoomed-font-size); at 1,000 nodes / 3,000 edges that is a
 * good part of the first paint. So a large graph's nodes and edges carry the `labelled` class (the
 * style gives labels to that class only) from {@link LABEL_ZOOM} on, where node labels become readable.
 */
import type { Core } from 'cytoscape';

/** Zoom from which large graphs get labels: node labels (11 px) are drawn from 9/11 ≈ 0.82. */
export const LABEL_ZOOM = 0.8;

export const LABELLED = 'labelled';

/** Whether elements should carry {@link LABELLED} at `zoom`. */
export const wantLabels = (large: boolean, zoom: number): boolean => !large || zoom >= LABEL_ZOOM;

export class ZoomLabels {
  private large = false;
  private on = true;

  constructor(private readonly cy: Core) {
    cy.on('zoom', () => this.sync(cy.zoom()));
  }

  /**
   * Before new elements are added: whether the graph is large, and the zoom it will most likely be
   * shown at (a wrong guess is corrected by the next zoom event, at the cost of a restyle).
   */
  prepare(large: boolean, expectedZoom: number): void {
    this.large = large;
    this.sync(expectedZoom);
  }

  /** Classes to add to a node's or edge's own (not a namespace box's). */
  classes(own: string): string {
    return this.on ? `${own} ${LABELLED}` : own;
  }

  private sync(zoom: number): void {
    const want = wantLabels(this.large, zoom);
    if (want === this.on) return;
    this.on = want;
    const eles = this.cy.elements().not('.namespace');
    this.cy.batch(() => (want ? eles.addClass(LABELLED) : eles.removeClass(LABELLED)));
  }
}
