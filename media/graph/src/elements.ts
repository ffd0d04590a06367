/**
 * ServiceGraph → cytoscape element data (pure). Namespaces become "box" nodes drawn under their members
 * (plain nodes, not compound parents: see namespace-boxes.ts); each edge gets
 * its label (weight, rps, error %, p99, mTLS padlock) and health class here, so styles stay declarative.
 */
import type { GraphEdge, GraphNode, ServiceGraph } from '../../../client/src/graph/graph-types';
import { formatBytes, formatMs, formatPercent, formatRps, healthOf } from './format';

/** The codicon "lock" glyph: edge labels use the bundled codicon font as fallback for it. */
export const LOCK_GLYPH = '\uea75';
/** The codicon "file" glyph: before the label of an edge whose routing comes from a workspace file. */
export const FILE_GLYPH = '\uea7b';

/** Whether the routing config of an edge (its VirtualService or DestinationRule) is a workspace file's. */
export const routedFromWorkspace = (edge: GraphEdge): boolean =>
  !!(edge.config.virtualService?.file || edge.config.destinationRule?.file);

export interface NodeData {
  id: string;
  label: string;
  kind: GraphNode['kind'] | 'namespace';
  /** id of the namespace box the node is drawn in */
  box?: string;
  health: string;
  idle: boolean;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  label: string;
  health: string;
  idle: boolean;
}

export interface ElementDefs {
  nodes: { data: NodeData; classes: string }[];
  edges: { data: EdgeData; classes: string }[];
}

/** Id of the node drawing a namespace box. */
export const namespaceBoxId = (namespace: string): string => `ns:${namespace}`;

/** Whether an edge counts as mTLS (every observed request or byte was mutual TLS). */
export const isMtls = (edge: GraphEdge): boolean => edge.mtlsShare !== undefined && edge.mtlsShare >= 0.999;

export function nodeLabel(node: GraphNode): string {
  if (node.kind === 'workload' && node.version && !node.name.endsWith(node.version)) {
    return `${node.name}\n${node.version}`;
  }
  return node.name;
}

/** `50% · 12 rps · 0.4% · p99 120ms`, prefixed by the padlock for mTLS edges. */
export function edgeLabel(edge: GraphEdge): string {
  const parts: string[] = [];
  if (edge.config.weight !== undefined) parts.push(`${edge.config.weight}%`);
  if (edge.configOnly && edge.requestsPerSecond === 0) {
    if (parts.length === 0) parts.push('config');
  } else if (edge.protocol === 'tcp') {
    parts.push(formatBytes(edge.bytesPerSecond ?? 0));
  } else {
    parts.push(formatRps(edge.requestsPerSecond));
    if (edge.errorRate > 0) parts.push(formatPercent(edge.errorRate));
    if (edge.latency.p99 !== undefined) parts.push(`p99 ${formatMs(edge.latency.p99)}`);
  }
  const text = parts.join(' · ');
  const glyphs = `${routedFromWorkspace(edge) ? `${FILE_GLYPH} ` : ''}${isMtls(edge) ? `${LOCK_GLYPH} ` : ''}`;
  return `${glyphs}${text}`;
}

function edgeClasses(edge: GraphEdge): string {
  const classes = [`health-${edgeHealth(edge)}`];
  if (edge.configOnly) classes.push('config-only');
  if (edge.config.weight !== undefined) classes.push('weighted');
  if (isMtls(edge)) classes.push('mtls');
  if (edge.protocol === 'tcp') classes.push('tcp');
  if (routedFromWorkspace(edge)) classes.push('from-workspace');
  return classes.join(' ');
}

function edgeHealth(edge: GraphEdge): string {
  if (edge.protocol === 'tcp') return (edge.bytesPerSecond ?? 0) > 0 ? 'healthy' : 'idle';
  return healthOf(edge.requestsPerSecond, edge.errorRate);
}

/** Cytoscape element data for `graph`; namespace boxes only for namespaces that hold a node. */
export function toElements(graph: ServiceGraph): ElementDefs {
  const boxes = new Set<string>();
  const nodes: ElementDefs['nodes'] = [];
  for (const node of graph.nodes) {
    if (node.namespace) boxes.add(node.namespace);
    const health = healthOf(node.requestsPerSecond, node.errorRate, node.idle);
    nodes.push({
      data: {
        id: node.id,
        label: nodeLabel(node),
        kind: node.kind,
        box: node.namespace ? namespaceBoxId(node.namespace) : undefined,
        health,
        idle: node.idle,
      },
      classes: [
        `kind-${node.kind}`,
        `health-${health}`,
        node.hasSidecar === false ? 'no-sidecar' : '',
        node.resources.some((r) => r.file) ? 'from-workspace' : '',
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
  for (const namespace of [...boxes].sort()) {
    nodes.push({
      data: {
        id: namespaceBoxId(namespace),
        label: namespace,
        kind: 'namespace',
        health: 'idle',
        idle: false,
      },
      classes: 'namespace',
    });
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((edge) => ({
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edgeLabel(edge),
        health: edgeHealth(edge),
        idle: edge.requestsPerSecond === 0 && !(edge.bytesPerSecond ?? 0),
      },
      classes: edgeClasses(edge),
    }));
  return { nodes, edges };
}
