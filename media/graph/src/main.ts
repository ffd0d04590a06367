/**
 * Entry of the service-graph webview (bundled to dist/graph-webview.js). Wires the canvas, toolbar,
 * detail panel, legend and node list to the extension's messages, and persists the view (settings,
 * layout, filters, selection, pan/zoom, node positions) with vscode.setState.
 */
import '../graph.css';
import type { ServiceGraph } from '../../../client/src/graph/graph-types';
import type { HostMessage } from '../../../client/src/graph/webview-protocol';
import { DetailPanel } from './details';
import { h } from './dom';
import { buildLegend } from './legend';
import { renderNodeList } from './node-list';
import { Toolbar } from './toolbar';
import { GraphView } from './view';
import { warmUp } from './elk-pool';
import { loadState, post, saveState, type ViewState } from './vscode-api';

const state: ViewState = loadState();
let graph: ServiceGraph | undefined;
let hostNotice = '';

const byId = (id: string) => document.getElementById(id)!;
const notices = byId('notices');
const nodeList = byId('node-list');

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Persist the view, at most every 300 ms (pan and zoom fire often). */
function persist(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    state.viewport = view.viewport();
    state.positions = Object.fromEntries(view.positions());
    saveState(state);
  }, 300);
}

function select(id: string | undefined): void {
  state.selected = id;
  details.show(graph, id);
  persist();
}

const view = new GraphView(byId('graph'), {
  layout: state.layout,
  viewport: state.viewport,
  positions: state.positions,
  onSelect: select,
  onViewChange: persist,
});

const details = new DetailPanel(byId('details'), {
  run: (command, args) => post({ type: 'action', command, args }),
  focus: (id) => view.focus(id),
  close: () => view.select(undefined),
});

const toolbar = new Toolbar(
  byId('toolbar'),
  {
    setNamespaces: (namespaces) => post({ type: 'setNamespace', namespaces }),
    setWindow: (window) => post({ type: 'setWindow', window }),
    setRefresh: (refreshMs) => post({ type: 'setRefresh', refreshMs }),
    pause: (paused) => post({ type: 'pause', paused }),
    refreshNow: () => post({ type: 'refresh' }),
    setLayout: (layout) => {
      state.layout = layout;
      void view.setLayout(layout);
    },
    relayout: () => void view.relayout(),
    fit: () => view.fit(),
    setHideIdle: (hide) => {
      state.hideIdle = hide;
      view.setHideIdle(hide);
      if (graph) renderNodeList(nodeList, graph, hide, pick);
      persist();
    },
    search: (query, submit) => {
      state.search = query;
      const hits = view.search(query);
      if (!query) view.clearFocus();
      if (submit && hits[0]) view.focus(hits[0]);
      toolbar.setStatus(query ? `${hits.length} match${hits.length === 1 ? '' : 'es'}` : '');
      persist();
    },
  },
  state,
);
view.setHideIdle(state.hideIdle);

function pick(id: string): void {
  view.focus(id);
  select(id);
}

function showNotices(): void {
  const texts = [hostNotice, ...(graph?.notices ?? [])].filter(Boolean);
  notices.replaceChildren(...texts.map((t) => h('p', {}, t)));
  notices.hidden = texts.length === 0;
}

let rendering: Promise<void> = Promise.resolve();
/** Graphs are drawn one after the other: a slow layout never interleaves with the next update. */
function render(next: ServiceGraph): void {
  rendering = rendering.then(async () => {
    graph = next;
    const stats = await view.update(next);
    if (state.search) view.search(state.search);
    renderNodeList(nodeList, next, state.hideIdle, pick);
    details.show(next, state.selected);
    if (state.selected) view.select(state.selected);
    showNotices();
    const mode = next.mode === 'config-only' ? ' (config only)' : '';
    toolbar.setStatus(
      `${next.nodes.length} nodes, ${next.edges.length} edges${mode} · ${new Date(next.time).toLocaleTimeString()}`,
    );
    document.body.dataset.rendered = String(stats.nodes);
    post({ type: 'rendered', stats });
    persist();
  });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'graph':
      render(message.graph);
      break;
    case 'state':
      state.settings = message.settings;
      toolbar.update(message.settings, message.availableNamespaces, message.loading);
      persist();
      break;
    case 'notice':
      hostNotice = message.message;
      notices.dataset.level = message.level;
      showNotices();
      break;
  }
});

// Keyboard: "/" or Ctrl+F focuses the search; Escape clears the focus fading.
document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if ((e.key === '/' && !typing) || (e.key === 'f' && (e.ctrlKey || e.metaKey))) {
    e.preventDefault();
    toolbar.searchInput.focus();
  } else if (e.key === 'Escape' && !typing) {
    view.clearFocus();
  }
});

// VS Code switches themes by changing the body class and the CSS variables on <html>.
const themeObserver = new MutationObserver(() => view.refreshTheme());
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

byId('legend').append(buildLegend());
if (state.layout === 'layered') warmUp();
// Labels use the codicon font for the padlock: load it before the first draw (canvas text does not
// redraw when a font arrives later).
void document.fonts.load('10px codicon').finally(() => post({ type: 'ready' }));
