/**
 * Structured (JSON) log lines: the level and message are pulled out of the common field names (zap,
 * logrus, slog, bunyan, pino, Envoy's JSON access log has neither); the other fields are kept for the
 * folded / expanded view.
 */

export interface JsonLine {
  /** normalised: error, warn, info, debug, trace, fatal or the raw value lower-cased */
  level?: string;
  message?: string;
  /** every other field, in source order */
  rest: [string, unknown][];
}

const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'loglevel'];
const MESSAGE_KEYS = ['msg', 'message', 'log', 'text'];
const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp', 'T'];

const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function normaliseLevel(v: unknown): string | undefined {
  if (typeof v === 'number') return PINO_LEVELS[v] ?? String(v);
  if (typeof v !== 'string' || !v) return undefined;
  const l = v.toLowerCase();
  if (l === 'warning') return 'warn';
  if (l === 'err' || l === 'critical') return 'error';
  return l;
}

/** The parsed line, or undefined when it is not a JSON object. */
export function parseJsonLine(text: string): JsonLine | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  const levelKey = LEVEL_KEYS.find((k) => k in rec);
  const messageKey = MESSAGE_KEYS.find((k) => typeof rec[k] === 'string');
  const level = levelKey ? normaliseLevel(rec[levelKey]) : undefined;
  const message = messageKey ? (rec[messageKey] as string) : undefined;
  const rest = Object.entries(rec).filter(
    ([k]) => k !== levelKey && k !== messageKey && !TIME_KEYS.includes(k),
  );
  return { level, message, rest };
}

/** `key=value` with strings unquoted unless they hold spaces; objects as JSON. */
export function fieldText(key: string, value: unknown): string {
  const v =
    typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value);
  return `${key}=${v}`;
}
