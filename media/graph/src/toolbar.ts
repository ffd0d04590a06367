/**
 * The toolbar: namespace picker (several at once, or all: namespace-picker.ts) and time-window picker, auto-refresh interval, pause, refresh now, layout,
 * re-layout, fit, hide idle and search. Settings owned by the extension (namespace, window, refresh,
 * pause) are sent as messages and shown as the extension confirms them.
 */
import {
  REFRESH_INTERVALS,
  TIME_WINDOWS,
  type PanelSettings,
  type TimeWindow,
} from '../../../client/src/graph/webview-protocol';
import { h, icon } from './dom';
import { NamespacePicker } from './namespace-picker';
import { LAYOUTS, type LayoutName } from './view';

export interface ToolbarHandlers {
  /** the namespaces to show (`['*']`: all) */
  setNamespaces(namespaces: string[]): void;
  setWindow(window: TimeWindow): void;
  setRefresh(ms: number): void;
  pause(paused: boolean): void;
  refreshNow(): void;
  setLayout(layout: LayoutName): void;
  relayout(): void;
  fit(): void;
  setHideIdle(hide: boolean): void;
  search(query: string, submit: boolean): void;
}

const refreshLabel = (ms: number) => (ms >= 60_000 ? `${ms / 60_000}m` : `${ms / 1000}s`);

export class Toolbar {
  private readonly namespaces: NamespacePicker;
  private readonly window = h('select', { 'aria-label': 'Time window' });
  private readonly refresh = h('select', { 'aria-label': 'Auto-refresh interval' });
  private readonly pauseButton = h('button', { class: 'icon-button', 'aria-pressed': 'false' });
  private readonly status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  readonly searchInput = h('input', {
    type: 'search',
    placeholder: 'Search nodes (/)',
    'aria-label': 'Search nodes; Enter focuses the first match and its neighbours',
  });
  private paused = false;

  constructor(
    root: HTMLElement,
    handlers: ToolbarHandlers,
    initial: { layout: LayoutName; hideIdle: boolean; search: string },
  ) {
    for (const w of TIME_WINDOWS) this.window.append(h('option', { value: w }, `Last ${w}`));
    for (const ms of REFRESH_INTERVALS)
      this.refresh.append(h('option', { value: String(ms) }, `Every ${refreshLabel(ms)}`));
    const layout = h('select', { 'aria-label': 'Layout' });
    for (const l of LAYOUTS)
      layout.append(h('option', { value: l, selected: l === initial.layout }, `Layout: ${l}`));
    const hideIdle = h('input', { type: 'checkbox', id: 'hide-idle', checked: initial.hideIdle });
    this.searchInput.value = initial.search;

    this.namespaces = new NamespacePicker((namespaces) => handlers.setNamespaces(namespaces));
    this.window.addEventListener('change', () => handlers.setWindow(this.window.value as TimeWindow));
    this.refresh.addEventListener('change', () => handlers.setRefresh(Number(this.refresh.value)));
    this.pauseButton.addEventListener('click', () => handlers.pause(!this.paused));
    layout.addEventListener('change', () => handlers.setLayout(layout.value as LayoutName));
    hideIdle.addEventListener('change', () => handlers.setHideIdle(hideIdle.checked));
    this.searchInput.addEventListener('input', () => handlers.search(this.searchInput.value, false));
    this.searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') handlers.search(this.searchInput.value, true);
      if (e.key === 'Escape') {
        this.searchInput.value = '';
        handlers.search('', false);
      }
    });

    root.append(
      this.namespaces.root,
      this.window,
      this.refresh,
      this.pauseButton,
      this.button('refresh', 'Refresh now', () => handlers.refreshNow()),
      layout,
      this.button('layout', 'Re-layout', () => handlers.relayout()),
      this.button('screen-full', 'Fit to view', () => handlers.fit()),
      h('label', { class: 'check', for: 'hide-idle' }, hideIdle, 'Hide idle'),
      h('span', { class: 'search' }, icon('search'), this.searchInput),
      this.status,
    );
    this.showPaused(false);
  }

  private button(iconName: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = h('button', { class: 'icon-button', 'aria-label': label, title: label }, icon(iconName));
    b.addEventListener('click', onClick);
    return b;
  }

  private showPaused(paused: boolean): void {
    this.paused = paused;
    const label = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
    this.pauseButton.replaceChildren(icon(paused ? 'play' : 'debug-pause'));
    this.pauseButton.setAttribute('aria-label', label);
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.pauseButton.title = label;
    this.refresh.disabled = paused;
  }

  /** Show the settings the extension confirmed. */
  update(settings: PanelSettings, available: string[], loading: boolean): void {
    this.namespaces.update(settings.namespaces, available);
    this.window.value = settings.window;
    if (![...this.refresh.options].some((o) => o.value === String(settings.refreshMs))) {
      this.refresh.append(
        h('option', { value: String(settings.refreshMs) }, `Every ${refreshLabel(settings.refreshMs)}`),
      );
    }
    this.refresh.value = String(settings.refreshMs);
    this.showPaused(settings.paused);
    this.setStatus(loading ? 'Refreshing…' : (this.status.textContent ?? ''));
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }
}
