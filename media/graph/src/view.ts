/**
 * The graph canvas: one cytoscape instance updated in place. A refresh changes element data only; the
 * layout runs when the set of nodes changes, keeping known nodes where they are, and never touches the
 * user's pan and zoom after the first fit.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { RenderStats } from '../../../client/src/graph/webview-protocol';
import type { ServiceGraph } from '../../../client/src/graph/graph-types';
import { BoxNodes } from './box-nodes';
import { builtInPositions } from './builtin-layout';
import { toElements, type ElementDefs } from './elements';
import { layeredPositions } from './layout';
import { mergePositions, type Point } from './positions';
import { buildStyle, readTheme } from './style';
import { ZoomLabels } from './zoom-labels';

export const LAYOUTS = ['layered', 'breadthfirst', 'grid', 'cose'] as const;
export type LayoutName = (typeof LAYOUTS)[number];

/** Graphs above this many edges get the cheaper style (haystack edges, labels only when zoomed in). */
const LARGE_EDGES = 600;

export interface Viewport {
  zoom: number;
  pan: Point;
}

export interface GraphViewOptions {
  layout: LayoutName;
  viewport?: Viewport;
  positions?: Record<string, Point>;
  /** a node or edge was selected (undefined: selection cleared) */
  onSelect(id: string | undefined): void;
  /** pan, zoom or node positions changed (to persist them) */
  onViewChange(): void;
}

export class GraphView {
  readonly cy: Core;
  private large = false;
  private layoutName: LayoutName;
  private pendingViewport: Viewport | undefined;
  /** positions restored from the webview state, used by the first layout */
  private readonly initialPositions: Map<string, Point>;
  private nodeKey = '';
  private hideIdle = false;
  private readonly boxes: BoxNodes;
  private readonly labels: ZoomLabels;

  constructor(
    container: HTMLElement,
    private readonly options: GraphViewOptions,
  ) {
    this.layoutName = options.layout;
    this.pendingViewport = options.viewport;
    this.initialPositions = new Map(Object.entries(options.positions ?? {}));
    this.cy = cytoscape({
      container,
      style: buildStyle(readTheme(), false),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    this.boxes = new BoxNodes(this.cy);
    this.labels = new ZoomLabels(this.cy);
    this.cy.on('select', (e) => options.onSelect(e.target.id()));
    this.cy.on('unselect', () => {
      if (this.cy.$(':selected').empty()) options.onSelect(undefined);
    });
    this.cy.on('viewport dragfree', () => options.onViewChange());
    // Double-click (or double-tap) a node: focus it and its neighbours.
    this.cy.on('dbltap', 'node', (e) => {
      if (!e.target.hasClass('namespace')) this.focus(e.target.id());
    });
    // The detail panel opening or the editor resizing changes the canvas size.
    new ResizeObserver(() => this.cy.resize()).observe(container);
  }

  /** Apply a new graph; resolves after the first frame painted with it. */
  async update(graph: ServiceGraph, forceLayout = false): Promise<RenderStats> {
    const started = performance.now();
    const elements = toElements(graph);
    const large = elements.edges.length > LARGE_EDGES;
    if (large !== this.large) {
      this.large = large;
      this.cy.style(buildStyle(readTheme(), large));
    }
    const key = elements.nodes
      .map((n) => n.data.id)
      .sort()
      .join('\n');
    const relayout = forceLayout || key !== this.nodeKey;
    const known = forceLayout
      ? new Map<string, Point>()
      : this.nodeKey
        ? this.positions()
        : this.initialPositions;
    this.nodeKey = key;
    // The layered layout runs in workers: start it first, build the canvas elements meanwhile.
    let layoutMs = 0;
    const layoutStarted = performance.now();
    const fresh =
      relayout && this.layoutName === 'layered'
        ? layeredPositions(elements).then((positions) => {
            layoutMs = performance.now() - layoutStarted;
            return positions;
          })
        : undefined;
    // A new layout is shown fitted (zoomed out): a large graph's labels come with zooming in.
    this.labels.prepare(large, this.pendingViewport?.zoom ?? (relayout ? 0 : this.cy.zoom()));
    this.applyElements(elements);
    // Nothing is drawn while cytoscape batches: no frame with the new nodes piled up at the origin
    // (drawing that pile costs more than the layout, and would hold the worker's answer back).
    this.cy.startBatch();
    let kept = true;
    try {
      resolveStyle(this.cy);
      if (relayout) {
        const syncStarted = performance.now();
        kept = await this.layout(elements, known, fresh);
        if (!fresh) layoutMs = performance.now() - syncStarted;
      }
    } finally {
      this.cy.endBatch();
    }
    this.applyIdleFilter();
    if (this.pendingViewport && kept) {
      this.cy.viewport(this.pendingViewport);
    } else if (!kept) {
      fitTo(this.cy, this.cy.elements().not('.hidden'), 30);
    }
    this.pendingViewport = undefined;
    this.labels.prepare(large, this.cy.zoom());
    await nextPaint();
    return {
      nodes: graph.nodes.length,
      edges: elements.edges.length,
      relayout,
      layoutMs: Math.round(layoutMs),
      totalMs: Math.round(performance.now() - started),
    };
  }

  /** Add, remove and update elements in one batch, keeping selection and positions. */
  private applyElements(elements: ElementDefs): void {
    const wanted = new Set([...elements.nodes, ...elements.edges].map((e) => e.data.id));
    this.cy.batch(() => {
      const gone = this.cy.elements().filter((ele) => !wanted.has(ele.id()));
      if (gone.nonempty()) gone.remove();
      const added: ElementDefinition[] = [];
      for (const def of [...elements.nodes, ...elements.edges]) {
        const existing = this.cy.getElementById(def.data.id);
        const box = 'kind' in def.data && def.data.kind === 'namespace';
        const classes = box ? def.classes : this.labels.classes(def.classes);
        if (existing.empty()) {
          added.push({
            group: 'source' in def.data ? 'edges' : 'nodes',
            // a box is sized around its members after the layout
            data: box ? { ...def.data, width: 1, height: 1 } : { ...def.data },
            classes,
            selectable: !box,
            grabbable: !box,
          });
        } else {
          if (changed(existing.data() as Record<string, unknown>, def.data)) existing.data(def.data);
          if (existing.classes().join(' ') !== classes) existing.classes(classes);
        }
      }
      if (added.length) this.cy.add(added);
      if (added.length || gone.nonempty()) this.boxes.index();
    });
  }

  /**
   * Lay out the nodes; with the layered layout, nodes in `known` keep their position when at least half
   * of the nodes are known. Returns whether known positions were kept.
   */
  private async layout(
    elements: ElementDefs,
    known: ReadonlyMap<string, Point>,
    pending?: Promise<Map<string, Point>>,
  ): Promise<boolean> {
    const leaves = this.cy.nodes().not('.namespace');
    if (this.layoutName !== 'layered') {
      const positions = builtInPositions(this.cy, this.layoutName);
      this.cy.batch(() => {
        leaves.positions((node: NodeSingular) => positions.get(node.id()) ?? node.position());
        this.boxes.fit();
      });
      return false;
    }
    const fresh = await (pending ?? layeredPositions(elements));
    const keptShare = [...fresh.keys()].filter((id) => known.has(id)).length / Math.max(1, fresh.size);
    const keep = keptShare >= 0.5;
    const positions = keep
      ? mergePositions(fresh, known, (id) =>
          this.cy
            .getElementById(id)
            .neighborhood('node')
            .map((n) => n.id()),
        )
      : fresh;
    this.cy.batch(() => {
      leaves.positions((node: NodeSingular) => positions.get(node.id()) ?? node.position());
      this.boxes.fit();
    });
    return keep;
  }

  /** Switch the layout algorithm and lay out again. */
  async setLayout(name: LayoutName): Promise<void> {
    this.layoutName = name;
    await this.relayout();
  }

  /** Lay out from scratch (forgetting moved nodes) and fit. */
  async relayout(): Promise<void> {
    const elements: ElementDefs = {
      nodes: this.cy.nodes().map((n) => ({ data: n.data(), classes: '' })),
      edges: this.cy.edges().map((e) => ({ data: e.data(), classes: '' })),
    };
    await this.layout(elements, new Map());
    fitTo(this.cy, this.cy.elements().not('.hidden'), 30);
    this.options.onViewChange();
  }

  /** Hide nodes without telemetry (and their edges, and boxes left empty). */
  setHideIdle(hide: boolean): void {
    this.hideIdle = hide;
    this.applyIdleFilter();
  }

  private applyIdleFilter(): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('hidden');
      if (this.hideIdle) {
        const idle = this.cy.nodes().filter((n) => n.data('idle') === true);
        idle.addClass('hidden');
        idle.connectedEdges().addClass('hidden');
        this.cy
          .nodes('.namespace')
          .filter((box) => this.boxes.empty(box.id()))
          .addClass('hidden');
      }
      this.boxes.fit();
    });
  }

  /** Ids of nodes whose label contains `query` (case-insensitive), marked as matches. */
  search(query: string): string[] {
    const q = query.trim().toLowerCase();
    this.cy.nodes().removeClass('match');
    if (!q) return [];
    const hits = this.cy
      .nodes()
      .not('.namespace')
      .filter((n) => String(n.data('label')).toLowerCase().includes(q) || n.id().toLowerCase().includes(q));
    hits.addClass('match');
    return hits.map((n) => n.id());
  }

  /** Fade everything but the node and its neighbours, select the node and zoom to them. */
  focus(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const around = node.closedNeighborhood();
    const boxIds = this.boxes.boxesOf(around.nodes().toArray());
    const neighbourhood = around.union(this.cy.nodes('.namespace').filter((b) => boxIds.includes(b.id())));
    this.cy.batch(() => {
      this.cy.elements().addClass('faded');
      neighbourhood.removeClass('faded');
    });
    this.cy.$(':selected').unselect();
    node.select();
    this.cy.animate({ fit: { eles: neighbourhood, padding: 60 } }, { duration: 250 });
  }

  /** Undo {@link focus} fading. */
  clearFocus(): void {
    this.cy.elements().removeClass('faded');
  }

  select(id: string | undefined): void {
    this.cy.$(':selected').unselect();
    if (id) this.cy.getElementById(id).select();
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.cy.elements().not('.hidden'), padding: 30 } }, { duration: 200 });
  }

  /** Re-read the theme colours (VS Code changed theme). */
  refreshTheme(): void {
    this.cy.style(buildStyle(readTheme(), this.large));
  }

  viewport(): Viewport {
    return { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } };
  }

  positions(): Map<string, Point> {
    const result = new Map<string, Point>();
    this.cy
      .nodes()
      .not('.namespace')
      .forEach((n) => {
        const p = n.position();
        result.set(n.id(), { x: Math.round(p.x), y: Math.round(p.y) });
      });
    return result;
  }
}

/** Whether any field of `next` differs from `current` (element data is flat). */
function changed(current: Record<string, unknown>, next: object): boolean {
  return Object.entries(next).some(([k, v]) => current[k] !== v);
}

/**
 * Fit `eles` into the view. Like cy.fit, but the bounds come from the leaf nodes' positions: cytoscape's
 * bounding box computes the geometry of every edge (and label), which costs more than a second at
 * 3,000 edges. `padding` also leaves room for the namespace boxes around the nodes.
 */
function fitTo(cy: Core, eles: cytoscape.CollectionReturnValue, padding: number): void {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  eles
    .nodes()
    .not('.namespace')
    .forEach((n) => {
      const { x, y } = n.position();
      [x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)];
    });
  if (!Number.isFinite(x1)) return;
  const margin = 60; // half a node, its label and the box padding
  [x1, y1, x2, y2] = [x1 - margin, y1 - margin, x2 + margin, y2 + margin];
  const zoom = Math.min(
    1.5,
    cy.maxZoom(),
    Math.max(
      cy.minZoom(),
      Math.min((cy.width() - 2 * padding) / (x2 - x1), (cy.height() - 2 * padding) / (y2 - y1)),
    ),
  );
  cy.viewport({
    zoom,
    pan: { x: (cy.width() - zoom * (x1 + x2)) / 2, y: (cy.height() - zoom * (y1 + y2)) / 2 },
  });
}

/**
 * Compute the style of every element now. Cytoscape does it lazily at the first frame; during the
 * layout the UI thread waits for the workers anyway, so doing it then takes it off the time to paint.
 * `cleanStyle` is cytoscape's own (untyped) step for that.
 */
function resolveStyle(cy: Core): void {
  const eles = cy.elements() as unknown as { cleanStyle?: () => void };
  eles.cleanStyle?.();
}

/** Resolves after the browser painted the next frame. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
