/**
 * A record as styled segments: the stream's prefix in its stable colour, the timestamp (optional), then the
 * line — an Envoy access log as method, path, code, duration, flags and upstream (5xx and flags in red),
 * a JSON line as level + message with the other fields folded to `{+N}` or expanded as `key=value`,
 * anything else as is. Markers and errors stand out.
 */
import { isEnvoyProblem, parseEnvoyAccessLog, type EnvoyAccessLog } from './envoy-access-log';
import { fieldText, parseJsonLine, type JsonLine } from './json-line';
import {
  CYAN,
  GREEN,
  GREY,
  highlight,
  MAGENTA,
  RED,
  renderAnsi,
  sanitize,
  sgr,
  styledAnsi,
  YELLOW,
  type Segment,
  type Style,
} from './segments';
import { streamColor } from './stream-colors';
import { streamLabel, type LogRecord, type StreamRef } from './types';

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
  if (timestamp[10] === 'T' && timestamp[13] === ':' && timestamp[16] === ':' && timestamp[19] === '.') {
    let end = 20; // the kubelet's form, without a regex: this runs for every line
    while (end < 23 && timestamp.charCodeAt(end) >= 48 && timestamp.charCodeAt(end) <= 57) end++;
    if (end > 20) return `${timestamp.slice(11, end)}${'000'.slice(end - 20)}`;
  }
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

/** First character that is not a space or tab ('' for none). */
function firstVisible(text: string): string {
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ' && text[i] !== '\t') return text[i]!;
  return '';
}

const DIM: Style = { dim: true };
const DIM_ANSI = sgr(DIM);

/** Formats records; remembers the widest prefix so columns line up (up to 48 characters). */
export class LineFormatter {
  private prefixWidth = 0;
  /** `pod/container` of each stream, made once (records of a stream share its StreamRef) */
  private readonly labels = new WeakMap<StreamRef, string>();
  /** the rendered, padded, coloured prefix of each label at the current width */
  private readonly prefixes = new Map<string, string>();

  constructor(public options: FormatOptions) {}

  format(record: LogRecord, highlightRe?: RegExp): Segment[] {
    const label = this.label(record.stream);
    const head: Segment[] = [
      { text: label.padEnd(this.prefixWidth), style: { fg: streamColor(label) } },
      { text: ' ' },
    ];
    if (this.options.timestamps && record.timestamp) {
      head.push({ text: `${shortTime(record.timestamp)} `, style: DIM });
    }
    return [...head, ...highlight(this.body(record), highlightRe)];
  }

  /**
   * `renderAnsi(format(record, highlightRe))`, made without segments for the common line (no highlight,
   * neither an Envoy access log nor JSON): the terminal's path for every line.
   */
  ansi(record: LogRecord, highlightRe?: RegExp): string {
    const first = record.kind === 'line' && !highlightRe ? firstVisible(record.text) : '[';
    if (first === '[' || first === '{') return renderAnsi(this.format(record, highlightRe));
    const label = this.label(record.stream);
    let prefix = this.prefixes.get(label);
    if (prefix === undefined) {
      prefix = `${styledAnsi(label.padEnd(this.prefixWidth), { fg: streamColor(label) })} `;
      this.prefixes.set(label, prefix);
    }
    const time =
      this.options.timestamps && record.timestamp ? `${DIM_ANSI}${shortTime(record.timestamp)} \x1b[0m` : '';
    return `${prefix}${time}${sanitize(record.text)}`;
  }

  /** The stream's label, widening the prefix column for it (up to 48 characters). */
  private label(stream: StreamRef): string {
    let label = this.labels.get(stream);
    if (label === undefined) {
      label = streamLabel(stream);
      this.labels.set(stream, label);
    }
    const width = Math.min(48, Math.max(this.prefixWidth, label.length));
    if (width !== this.prefixWidth) {
      this.prefixWidth = width;
      this.prefixes.clear();
    }
    return label;
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
