/** The ELK layered options and sizes the layout uses (shared by the layout and the worker warm-up). */
import type { LayoutOptions } from 'elkjs/lib/elk-api.js';

/** Node size the layout reserves: the node plus room for its label below. */
export const NODE_WIDTH = 90;
export const NODE_HEIGHT = 56;

export const LAYERED: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': '24',
  // room for the edge labels between layers
  'elk.layered.spacing.nodeNodeBetweenLayers': '150',
  'elk.spacing.componentComponent': '40',
};

/** Padding of a box: room for the namespace label on top. */
export const BOX_PADDING = '[top=36,left=20,bottom=20,right=20]';
