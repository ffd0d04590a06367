/**
 * A keyboard and screen-reader way into the canvas: every visible node as a button (Enter selects it,
 * shows its details and focuses its neighbours). Tests use it to see which nodes were rendered.
 */
import type { ServiceGraph } from '../../../client/src/graph/graph-types';
import { h } from './dom';
import { formatPercent, formatRps } from './format';

export function renderNodeList(
  root: HTMLElement,
  graph: ServiceGraph,
  hideIdle: boolean,
  onPick: (id: string) => void,
): void {
  const nodes = graph.nodes
    .filter((n) => !(hideIdle && n.idle))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const items = nodes.map((n) => {
    const traffic = n.idle
      ? 'idle'
      : `${formatRps(n.requestsPerSecond)}, ${formatPercent(n.errorRate)} errors`;
    const button = h(
      'button',
      {
        'data-node-id': n.id,
        'aria-label': `${n.kind} ${n.name}${n.namespace ? ` in ${n.namespace}` : ''}, ${traffic}`,
      },
      `${n.name}${n.version ? ` (${n.version})` : ''}`,
    );
    button.addEventListener('click', () => onPick(n.id));
    return h('li', {}, button);
  });
  root.replaceChildren(h('ul', {}, ...items));
  root.dataset.count = String(nodes.length);
}
