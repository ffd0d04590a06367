/**
 * The detail panel of the selected node or edge: rates, latency percentiles, response codes, versions,
 * the VirtualServices and DestinationRules that apply, and actions (open YAML, tail logs, promote the
 * canary) which the extension runs.
 */
import type {
  GraphEdge,
  GraphNode,
  GraphResourceRef,
  ServiceGraph,
} from '../../../client/src/graph/graph-types';
import type { GraphCommand } from '../../../client/src/graph/webview-protocol';
import { h, icon, table } from './dom';
import { formatBytes, formatMs, formatPercent, formatRps } from './format';
import { isMtls } from './elements';

export interface DetailActions {
  run(command: GraphCommand, args: GraphResourceRef): void;
  focus(nodeId: string): void;
  close(): void;
}

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
  'Job',
  'CronJob',
]);
const refLabel = (r: GraphResourceRef) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
const refKey = (r: GraphResourceRef) => `${r.apiVersion}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

function uniqueRefs(refs: (GraphResourceRef | undefined)[]): GraphResourceRef[] {
  const seen = new Map<string, GraphResourceRef>();
  for (const r of refs) if (r && !seen.has(refKey(r))) seen.set(refKey(r), r);
  return [...seen.values()];
}

function sumCodes(edges: GraphEdge[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const e of edges)
    for (const [code, rps] of Object.entries(e.responseCodes)) codes[code] = (codes[code] ?? 0) + rps;
  return codes;
}

function codesTable(codes: Record<string, number>): Node {
  const entries = Object.entries(codes).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return document.createTextNode('');
  return table(
    'Response codes',
    entries.map(([code, rps]) => [code, formatRps(rps)]),
  );
}

export class DetailPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly actions: DetailActions,
  ) {}

  /** Show the element `id` of `graph`, or hide the panel when it is not there. */
  show(graph: ServiceGraph | undefined, id: string | undefined): void {
    const node = graph?.nodes.find((n) => n.id === id);
    const edge = node ? undefined : graph?.edges.find((e) => e.id === id);
    this.root.replaceChildren();
    this.root.hidden = !graph || (!node && !edge);
    if (!graph || this.root.hidden) return;
    const content = node ? this.nodeDetails(graph, node) : this.edgeDetails(graph, edge!);
    const close = h(
      'button',
      { class: 'icon-button', 'aria-label': 'Close details', title: 'Close' },
      icon('close'),
    );
    close.addEventListener('click', () => this.actions.close());
    this.root.append(close, ...content);
  }

  private nodeDetails(graph: ServiceGraph, node: GraphNode): Node[] {
    const incoming = graph.edges.filter((e) => e.target === node.id);
    const outgoing = graph.edges.filter((e) => e.source === node.id);
    const p99 = Math.max(...incoming.map((e) => e.latency.p99 ?? -1));
    const versions = [
      ...new Set(
        [node, ...outgoing.map((e) => graph.nodes.find((n) => n.id === e.target))]
          .filter((n): n is GraphNode => n?.kind === 'workload' && n.version !== undefined)
          .map((n) => n.version!),
      ),
    ];
    const related = [...incoming, ...outgoing];
    const routing = uniqueRefs(related.flatMap((e) => [e.config.virtualService, e.config.destinationRule]));
    const canary = uniqueRefs(
      related.filter((e) => e.config.weight !== undefined).map((e) => e.config.virtualService),
    );
    const workload = node.resources.find((r) => WORKLOAD_KINDS.has(r.kind));
    const focus = h('button', {}, icon('target'), 'Focus neighbours');
    focus.addEventListener('click', () => this.actions.focus(node.id));
    return [
      h('h2', {}, node.name),
      h('p', { class: 'subtitle' }, `${node.kind}${node.namespace ? ` in ${node.namespace}` : ''}`),
      table('Traffic', [
        ['Inbound', node.idle ? 'idle (no telemetry)' : formatRps(node.requestsPerSecond)],
        ['Errors', node.idle ? undefined : formatPercent(node.errorRate)],
        ['p99 (max inbound)', p99 >= 0 ? formatMs(p99) : undefined],
        ['App', node.app],
        ['Versions', versions.join(', ') || undefined],
        ['Sidecar', node.hasSidecar === undefined ? undefined : node.hasSidecar ? 'yes' : 'no'],
      ]),
      codesTable(sumCodes(incoming)),
      this.refList('Routing config', routing),
      this.refList('Resources', node.resources),
      h(
        'div',
        { class: 'actions' },
        focus,
        workload ? this.actionButton('output', 'Tail logs', 'meshwright.logs.tailResource', workload) : '',
        ...canary.map((vs) =>
          this.actionButton('rocket', `Promote canary (${vs.name})`, 'meshwright.canary.promote', vs),
        ),
      ),
    ];
  }

  private edgeDetails(graph: ServiceGraph, edge: GraphEdge): Node[] {
    const name = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
    const c = edge.config;
    return [
      h('h2', {}, `${name(edge.source)} → ${name(edge.target)}`),
      h(
        'p',
        { class: 'subtitle' },
        `${edge.protocol}${edge.configOnly ? ', from routing config only (no telemetry)' : ''}`,
      ),
      table('Traffic', [
        ['Requests', edge.protocol === 'tcp' ? undefined : formatRps(edge.requestsPerSecond)],
        ['Bytes', edge.bytesPerSecond === undefined ? undefined : formatBytes(edge.bytesPerSecond)],
        ['Errors', edge.protocol === 'tcp' ? undefined : formatPercent(edge.errorRate)],
        ['p50', edge.latency.p50 === undefined ? undefined : formatMs(edge.latency.p50)],
        ['p95', edge.latency.p95 === undefined ? undefined : formatMs(edge.latency.p95)],
        ['p99', edge.latency.p99 === undefined ? undefined : formatMs(edge.latency.p99)],
        [
          'mTLS',
          edge.mtlsShare === undefined
            ? 'unknown'
            : `${isMtls(edge) ? 'yes' : 'partly'}, ${formatPercent(edge.mtlsShare)}`,
        ],
      ]),
      codesTable(edge.responseCodes),
      table('Routing', [
        ['Weight', c.weight === undefined ? undefined : `${c.weight}%`],
        ['Faults', c.faults?.join('; ')],
        ['Retries', c.retries],
        ['Timeout', c.timeout],
        ['Circuit breaker', c.circuitBreaker],
      ]),
      this.refList('Routing config', uniqueRefs([c.virtualService, c.destinationRule])),
      h(
        'div',
        { class: 'actions' },
        c.weight !== undefined && c.virtualService
          ? this.actionButton('rocket', 'Promote canary', 'meshwright.canary.promote', c.virtualService)
          : '',
      ),
    ];
  }

  private refList(title: string, refs: GraphResourceRef[]): Node {
    if (!refs.length) return document.createTextNode('');
    const items = refs.map((r) =>
      h(
        'li',
        {},
        this.actionButton(
          'go-to-file',
          refLabel(r),
          'meshwright.resource.openRef',
          r,
          `Open YAML of ${refLabel(r)}`,
        ),
      ),
    );
    return h('section', {}, h('h3', {}, title), h('ul', { class: 'refs' }, ...items));
  }

  private actionButton(
    iconName: string,
    label: string,
    command: GraphCommand,
    args: GraphResourceRef,
    ariaLabel = label,
  ): HTMLButtonElement {
    const button = h('button', { 'aria-label': ariaLabel, title: ariaLabel }, icon(iconName), label);
    button.addEventListener('click', () => this.actions.run(command, args));
    return button;
  }
}
