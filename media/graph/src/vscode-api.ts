/** The webview side of VS Code: `acquireVsCodeApi` (given by the host page) and the persisted state. */
import type { PanelSettings, WebviewMessage } from '../../../client/src/graph/webview-protocol';
import type { LayoutName, Viewport } from './view';
import type { Point } from './positions';

/** What survives hiding the panel and reloading the window (vscode.setState). */
export interface ViewState {
  /** settings as last received (the serializer restores the panel from them) */
  settings?: PanelSettings;
  layout: LayoutName;
  hideIdle: boolean;
  search: string;
  selected?: string;
  viewport?: Viewport;
  positions?: Record<string, Point>;
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/** The saved state, with defaults for what is missing. */
export function loadState(): ViewState {
  const saved = (api.getState() ?? {}) as Partial<ViewState>;
  return {
    layout: saved.layout ?? 'layered',
    hideIdle: saved.hideIdle ?? false,
    search: saved.search ?? '',
    settings: saved.settings,
    selected: saved.selected,
    viewport: saved.viewport,
    positions: saved.positions,
  };
}

export function saveState(state: ViewState): void {
  api.setState(state);
}
