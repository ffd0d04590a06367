/**
 * The messages the service-graph panel (extension side, graph-panel.ts) and its webview (media/graph)
 * exchange over postMessage, typed once for both sides. Pure and JSON-safe: no vscode, no DOM.
 * Messages from the webview are untrusted input: {@link parseWebviewMessage} validates them.
 */
import type { GraphResourceRef, ServiceGraph } from './graph-types';

/** Time windows the rates are computed over. */
export const TIME_WINDOWS = ['1m', '5m', '30m', '1h'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** Auto-refresh intervals offered (ms). */
export const REFRESH_INTERVALS = [10_000, 30_000, 60_000, 300_000] as const;

/** Commands the webview may ask the extension to run; each takes one {@link GraphResourceRef}. */
export const GRAPH_COMMANDS = [
  'meshwright.resource.openRef',
  'meshwright.logs.tailResource',
  'meshwright.canary.promote',
] as const;
export type GraphCommand = (typeof GRAPH_COMMANDS)[number];

/** In {@link PanelSettings.namespaces}: every namespace (not a valid namespace name, so no clash). */
export const ALL_NAMESPACES = '*';

/** What the panel shows: persisted by the webview serializer and sent to the webview. */
export interface PanelSettings {
  /** the namespaces shown, sorted; `['*']`: all of them; empty: none picked yet */
  namespaces: string[];
  window: TimeWindow;
  /** auto-refresh interval in ms */
  refreshMs: number;
  paused: boolean;
}

/** Extension → webview. */
export type HostMessage =
  | { type: 'graph'; graph: ServiceGraph }
  | {
      type: 'state';
      settings: PanelSettings;
      /** namespaces of the cluster, for the picker */
      availableNamespaces: string[];
      /** a refresh is running */
      loading: boolean;
      /** cluster context name, for the title */
      context?: string;
    }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

/** Timings the webview reports after drawing a graph (tests and benchmarks read them). */
export interface RenderStats {
  nodes: number;
  edges: number;
  /** whether the layout ran (the node set changed) */
  relayout: boolean;
  layoutMs: number;
  /** from receiving the graph to the first frame painted after it */
  totalMs: number;
}

/** Webview → extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setNamespace'; namespaces: string[] }
  | { type: 'setWindow'; window: TimeWindow }
  | { type: 'setRefresh'; refreshMs: number }
  | { type: 'pause'; paused: boolean }
  | { type: 'refresh' }
  | { type: 'action'; command: GraphCommand; args: GraphResourceRef }
  | { type: 'rendered'; stats: RenderStats };

export const DEFAULT_SETTINGS: PanelSettings = {
  namespaces: [],
  window: '5m',
  refreshMs: 30_000,
  paused: false,
};

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNamespaceList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

export function isTimeWindow(v: unknown): v is TimeWindow {
  return (TIME_WINDOWS as readonly unknown[]).includes(v);
}

export function isGraphCommand(v: unknown): v is GraphCommand {
  return (GRAPH_COMMANDS as readonly unknown[]).includes(v);
}

/** Refresh intervals are clamped to 5 s .. 1 h. */
export function isRefreshMs(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 5_000 && v <= 3_600_000;
}

function isFileRef(v: unknown): boolean {
  return (
    isRecord(v) &&
    isString(v.uri) &&
    isString(v.path) &&
    typeof v.line === 'number' &&
    Number.isInteger(v.line) &&
    v.line >= 0
  );
}

export function isResourceRef(v: unknown): v is GraphResourceRef {
  return (
    isRecord(v) &&
    isString(v.apiVersion) &&
    isString(v.kind) &&
    isString(v.name) &&
    (v.namespace === undefined || isString(v.namespace)) &&
    (v.file === undefined || isFileRef(v.file))
  );
}

function isRenderStats(v: unknown): v is RenderStats {
  return (
    isRecord(v) &&
    ['nodes', 'edges', 'layoutMs', 'totalMs'].every((k) => typeof v[k] === 'number') &&
    typeof v.relayout === 'boolean'
  );
}

/** The message if `value` is a well-formed {@link WebviewMessage}, else undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'refresh':
      return { type: value.type };
    case 'setNamespace':
      return isNamespaceList(value.namespaces)
        ? { type: 'setNamespace', namespaces: normalizeNamespaces(value.namespaces) }
        : undefined;
    case 'setWindow':
      return isTimeWindow(value.window) ? { type: 'setWindow', window: value.window } : undefined;
    case 'setRefresh':
      return isRefreshMs(value.refreshMs) ? { type: 'setRefresh', refreshMs: value.refreshMs } : undefined;
    case 'pause':
      return typeof value.paused === 'boolean' ? { type: 'pause', paused: value.paused } : undefined;
    case 'action':
      return isGraphCommand(value.command) && isResourceRef(value.args)
        ? { type: 'action', command: value.command, args: value.args }
        : undefined;
    case 'rendered':
      return isRenderStats(value.stats) ? { type: 'rendered', stats: value.stats } : undefined;
    default:
      return undefined;
  }
}

/** Settings restored from persisted state (serializer), each field checked, defaults otherwise. */
export function parseSettings(value: unknown): PanelSettings {
  const v = isRecord(value) ? value : {};
  return {
    namespaces: isNamespaceList(v.namespaces)
      ? normalizeNamespaces(v.namespaces)
      : DEFAULT_SETTINGS.namespaces,
    window: isTimeWindow(v.window) ? v.window : DEFAULT_SETTINGS.window,
    refreshMs: isRefreshMs(v.refreshMs) ? v.refreshMs : DEFAULT_SETTINGS.refreshMs,
    paused: typeof v.paused === 'boolean' ? v.paused : DEFAULT_SETTINGS.paused,
  };
}

/** Sorted, without duplicates or empty names; `['*']` when it holds {@link ALL_NAMESPACES}. */
export function normalizeNamespaces(namespaces: readonly string[]): string[] {
  if (namespaces.includes(ALL_NAMESPACES)) return [ALL_NAMESPACES];
  return [...new Set(namespaces.map((n) => n.trim()).filter(Boolean))].sort();
}

export const isAllNamespaces = (namespaces: readonly string[]): boolean =>
  namespaces.includes(ALL_NAMESPACES);

/** The namespaces to query: empty for all (queries.ts and the overlay read empty as all). */
export const queryNamespaces = (namespaces: readonly string[]): string[] =>
  isAllNamespaces(namespaces) ? [] : [...namespaces];

/** `all namespaces`, `bookinfo`, `bookinfo, shop`, `bookinfo, shop +2` (titles and the picker button). */
export function namespacesLabel(namespaces: readonly string[], max = 2): string {
  if (isAllNamespaces(namespaces)) return 'all namespaces';
  if (!namespaces.length) return 'no namespace';
  const shown = namespaces.slice(0, max).join(', ');
  return namespaces.length > max ? `${shown} +${namespaces.length - max}` : shown;
}

/**
 * The selection after checking (`on`) or unchecking a namespace, or "all", in a picker listing
 * `available`: unchecking one while all are shown leaves the others listed.
 */
export function toggleNamespace(
  current: readonly string[],
  name: string,
  on: boolean,
  available: readonly string[] = [],
): string[] {
  if (name === ALL_NAMESPACES) return on ? [ALL_NAMESPACES] : [];
  if (isAllNamespaces(current))
    return on ? [ALL_NAMESPACES] : normalizeNamespaces(available.filter((n) => n !== name));
  const rest = current.filter((n) => n !== name);
  return normalizeNamespaces(on ? [...rest, name] : rest);
}
