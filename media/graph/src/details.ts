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
import { responseRows, sumResponses } from '../../../client/src/graph/grpc-status';
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

/** `from workspace file k8s/reviews.yaml` for the refs read from workspace files (they win over the cluster). */
function fromFiles(refs: (GraphResourceRef | undefined)[]): Node {
  const paths = [...new Set(refs.flatMap((r) => (r?.file ? [r.file.path] : [])))].sort();
  if (!paths.length) return document.createTextNode('');
  return h(
    'p',
    { class: 'from-file' },
    icon('file'),
    `from workspace file${paths.length > 1 ? 's' : ''} ${paths.join(', ')}`,
  );
}
const refKey = (r: GraphResourceRef) => `${r.apiVersion}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

function uniqueRefs(refs: (GraphResourceRef | undefined)[]): GraphResourceRef[] {
  const seen = new Map<string, GraphResourceRef>();
  for (const r of refs) if (r && !seen.has(refKey(r))) seen.set(refKey(r), r);
  return [...seen.values()];
}

/** HTTP codes, each split by gRPC status where gRPC traffic reported one (`200 · UNAVAILABLE (14)`). */
function codesTable(codes: Record<string, number>, grpc?: Record<string, Record<string, number>>): Node {
  const rows = responseRows(codes, grpc);
  if (!rows.length) return document.createTextNode('');
  return table(
    grpc && Object.keys(grpc).length ? 'Responses (HTTP · gRPC status)' : 'Response codes',
    rows.map((r) => [r.label, `${formatRps(r.rps)}${r.error ? ' (failed)' : ''}`]),
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
    const inbound = sumResponses(incoming);
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
      fromFiles([...node.resources, ...routing]),
      table('Traffic', [
        ['Inbound', node.idle ? 'idle (no telemetry)' : formatRps(node.requestsPerSecond)],
        ['Errors', node.idle ? undefined : formatPercent(node.errorRate)],
        ['p99 (max inbound)', p99 >= 0 ? formatMs(p99) : undefined],
        ['App', node.app],
        ['Versions', versions.join(', ') || undefined],
        ['Sidecar', node.hasSidecar === undefined ? undefined : node.hasSidecar ? 'yes' : 'no'],
      ]),
      codesTable(inbound.codes, inbound.grpc),
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
      fromFiles([c.virtualService, c.destinationRule]),
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
      codesTable(edge.responseCodes, edge.grpcStatuses),
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
          r.file ? 'file' : 'go-to-file',
          r.file ? `${refLabel(r)} · ${r.file.path}` : refLabel(r),
          'meshwright.resource.openRef',
          r,
          r.file ? `Open ${r.file.path} (workspace file) at ${refLabel(r)}` : `Open YAML of ${refLabel(r)}`,
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
