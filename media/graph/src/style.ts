/**
 * The cytoscape stylesheet, coloured with the VS Code theme (CSS variables `--vscode-*`, read when the
 * theme changes). Shapes follow the usual mesh-graph conventions: workloads are circles, services
 * triangles, ingress gateways pentagons, external hosts diamonds.
 */
import type { StylesheetJson } from 'cytoscape';
import { LABELLED } from './zoom-labels';

/** Theme colours the graph uses, with fallbacks for a page outside VS Code (the benchmark). */
export interface Theme {
  foreground: string;
  background: string;
  muted: string;
  border: string;
  focus: string;
  healthy: string;
  degraded: string;
  failing: string;
  service: string;
  workload: string;
  font: string;
}

/**
 * Themes often use `#rrggbbaa`; cytoscape knows `#rgb`, `#rrggbb`, `rgb[a]()`, `hsl[a]()` and names.
 * Fonts and other values pass through.
 */
export function cytoscapeColour(value: string): string {
  const m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value);
  if (!m || m[1].length === 3 || m[1].length === 6) return value;
  const hex = m[1].length === 4 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b, a] = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}

/** Read the theme from the document's CSS variables. */
export function readTheme(root: Element = document.documentElement): Theme {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) =>
    cytoscapeColour(css.getPropertyValue(name).trim()) || fallback;
  return {
    foreground: v('--vscode-editor-foreground', '#cccccc'),
    background: v('--vscode-editor-background', '#1e1e1e'),
    muted: v('--vscode-disabledForeground', '#888888'),
    border: v('--vscode-panel-border', '#555555'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    healthy: v('--vscode-charts-green', '#89d185'),
    degraded: v('--vscode-charts-yellow', '#cca700'),
    failing: v('--vscode-charts-red', '#f14c4c'),
    service: v('--vscode-charts-blue', '#3794ff'),
    workload: v('--vscode-charts-purple', '#b180d7'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/**
 * The stylesheet. `large` (hundreds of edges) switches to haystack edges (straight, centre to centre,
 * the arrow in the middle: no intersection with the node shapes to compute) and hides labels sooner
 * when zoomed out: routing and text are what cost most at that size. Labels belong to the `labelled`
 * class (zoom-labels.ts).
 */
export function buildStyle(t: Theme, large: boolean): StylesheetJson {
  const arrow = large ? 'mid-target-arrow' : 'target-arrow';
  // Health colours by class, not by function mappers: cytoscape caches class styles, not functions.
  const health = (['healthy', 'degraded', 'failing', 'idle'] as const).flatMap((h) => {
    const colour = h === 'idle' ? t.muted : t[h];
    return [
      { selector: `node.health-${h}`, style: { 'border-color': colour } },
      { selector: `edge.health-${h}`, style: { 'line-color': colour, [`${arrow}-color`]: colour } },
    ];
  });
  return [
    {
      selector: 'node',
      style: {
        width: 28,
        height: 28,
        'background-color': t.workload,
        'border-width': 3,
        'border-color': t.muted,
      },
    },
    // Text properties only with the label: every property an element has costs when it is styled.
    {
      selector: `node.${LABELLED}`,
      style: {
        label: 'data(label)',
        color: t.foreground,
        'font-family': t.font,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'min-zoomed-font-size': large ? 9 : 6,
      },
    },
    { selector: 'node.kind-service', style: { shape: 'round-triangle', 'background-color': t.service } },
    { selector: 'node.kind-ingress', style: { shape: 'round-pentagon', 'background-color': t.service } },
    { selector: 'node.kind-external', style: { shape: 'diamond', 'background-color': t.muted } },
    { selector: 'node.kind-unknown', style: { shape: 'round-octagon', 'background-color': t.muted } },
    { selector: 'node.no-sidecar', style: { 'border-style': 'double', 'border-width': 4 } },
    {
      selector: 'node.from-workspace',
      style: { 'outline-width': 2, 'outline-style': 'dotted', 'outline-color': t.focus, 'outline-offset': 3 },
    },
    { selector: 'node.health-idle', style: { opacity: 0.7 } },
    {
      selector: 'node.namespace',
      style: {
        label: 'data(label)',
        'font-family': t.font,
        'font-size': 11,
        'min-zoomed-font-size': large ? 9 : 6,
        shape: 'round-rectangle',
        'background-color': t.foreground,
        'background-opacity': 0.04,
        'border-width': 1,
        'border-style': 'solid',
        'border-color': t.border,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-weight': 'bold',
        color: t.muted,
        // sized around the members (box-nodes.ts), drawn under everything, not clickable
        width: 'data(width)',
        height: 'data(height)',
        'z-compound-depth': 'bottom',
        events: 'no',
        opacity: 1,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': large ? 'haystack' : 'bezier',
        'line-color': t.muted,
        [`${arrow}-color`]: t.muted,
        [`${arrow}-shape`]: 'triangle',
        'arrow-scale': 0.8,
      },
    },
    {
      selector: `edge.${LABELLED}`,
      style: {
        label: 'data(label)',
        'font-family': `${t.font}, codicon`,
        'font-size': 9,
        color: t.foreground,
        'text-background-color': t.background,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': large ? 10 : 6,
        // the middle holds a haystack edge's arrow: its label goes above it
        'text-margin-y': large ? -10 : 0,
      },
    },
    ...health,
    { selector: 'edge.config-only', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    { selector: 'edge.weighted', style: { width: 2.5, 'font-weight': 'bold' } },
    { selector: 'edge.tcp', style: { [`${arrow}-shape`]: 'square' } },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.15, 'text-opacity': 0 } },
    {
      selector: 'node.match',
      style: { 'overlay-color': t.focus, 'overlay-opacity': 0.25, 'overlay-padding': 6 },
    },
    {
      selector: ':selected',
      style: { 'overlay-color': t.focus, 'overlay-opacity': 0.3, 'overlay-padding': 4 },
    },
  ];
}
