/**
 * A record as styled segments: the stream's prefix in its stable colour, the timestamp (optional), then the
 * line — an Envoy access log as method, path, code, duration, flags and upstream (5xx and flags in red),
 * a JSON line as level + message with the other fields folded to `{+N}` or expanded as `key=value`,
 * anything else as is. Markers and errors stand out.
 */
import { isEnvoyProblem, parseEnvoyAccessLog, type EnvoyAccessLog } from './envoy-access-log';
import { fieldText, parseJsonLine, type JsonLine } from './json-line';
import { CYAN, GREEN, GREY, highlight, MAGENTA, RED, YELLOW, type Segment } from './segments';
import { streamColor } from './stream-colors';
import { streamLabel, type LogRecord } from './types';

export interface FormatOptions {
  timestamps: boolean;
  /** JSON fields other than level and message shown (true) or folded to a count (false) */
  expandJson: boolean;
}

const LEVEL_COLORS: Record<string, number> = {
  fatal: RED,
  error: RED,
  warn: YELLOW,
  info: GREEN,
  debug: GREY,
  trace: GREY,
};

/** `HH:MM:SS.mmm` of an RFC 3339 timestamp (its own zone, UTC for the kubelet). */
export function shortTime(timestamp: string): string {
  const m = /T(\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?/.exec(timestamp);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(3, '0')}` : timestamp;
}

function codeColor(code: number): number {
  if (code >= 500) return RED;
  if (code >= 400) return YELLOW;
  if (code >= 200) return GREEN;
  return GREY;
}

export function envoySegments(e: EnvoyAccessLog): Segment[] {
  const problem = isEnvoyProblem(e);
  const out: Segment[] = [
    { text: e.method === '-' ? 'TCP' : e.method, style: { bold: true } },
    { text: ` ${e.method === '-' ? e.authority : e.path} ` },
    { text: String(e.responseCode), style: { fg: codeColor(e.responseCode), bold: e.responseCode >= 500 } },
    { text: ` ${e.durationMs ?? '-'}ms`, style: { dim: true } },
  ];
  if (e.responseFlags !== '-') out.push({ text: ` ${e.responseFlags}`, style: { fg: RED, bold: true } });
  if (problem && e.responseCodeDetails !== '-' && e.responseCodeDetails !== 'via_upstream') {
    out.push({ text: ` ${e.responseCodeDetails}`, style: { fg: RED } });
  }
  out.push({ text: ` → ${e.upstreamCluster}`, style: { fg: CYAN } });
  if (e.upstreamHost !== '-') out.push({ text: ` ${e.upstreamHost}`, style: { dim: true } });
  return out;
}

export function jsonSegments(j: JsonLine, expand: boolean): Segment[] {
  const out: Segment[] = [];
  if (j.level) {
    out.push({
      text: j.level.toUpperCase().padEnd(5),
      style: { fg: LEVEL_COLORS[j.level] ?? MAGENTA, bold: true },
    });
    out.push({ text: ' ' });
  }
  out.push({ text: j.message ?? '' });
  if (!j.rest.length) return out;
  if (expand)
    out.push({ text: ` ${j.rest.map(([k, v]) => fieldText(k, v)).join(' ')}`, style: { dim: true } });
  else out.push({ text: ` {+${j.rest.length}}`, style: { dim: true } });
  return out;
}

/** Formats records; remembers the widest prefix so columns line up (up to 48 characters). */
export class LineFormatter {
  private prefixWidth = 0;

  constructor(public options: FormatOptions) {}

  format(record: LogRecord, highlightRe?: RegExp): Segment[] {
    const label = streamLabel(record.stream);
    this.prefixWidth = Math.min(48, Math.max(this.prefixWidth, label.length));
    const head: Segment[] = [
      { text: label.padEnd(this.prefixWidth), style: { fg: streamColor(label) } },
      { text: ' ' },
    ];
    if (this.options.timestamps && record.timestamp) {
      head.push({ text: `${shortTime(record.timestamp)} `, style: { dim: true } });
    }
    return [...head, ...highlight(this.body(record), highlightRe)];
  }

  private body(record: LogRecord): Segment[] {
    if (record.kind === 'marker') return [{ text: `── ${record.text} ──`, style: { fg: GREY, bold: true } }];
    if (record.kind === 'error') return [{ text: `✖ ${record.text}`, style: { fg: RED, bold: true } }];
    const envoy = parseEnvoyAccessLog(record.text);
    if (envoy) return envoySegments(envoy);
    const json = parseJsonLine(record.text);
    if (json && (json.level || json.message !== undefined))
      return jsonSegments(json, this.options.expandJson);
    return [{ text: record.text }];
  }
}
