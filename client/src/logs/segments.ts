/**
 * Styled text: a formatted line is a list of segments, each with a style; rendered with ANSI SGR codes
 * for the terminal or as plain text for search and save. Highlighting splits segments at the matches,
 * so it never breaks an escape sequence.
 */

export interface Style {
  /** 256-colour palette index */
  fg?: number;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export interface Segment {
  text: string;
  style?: Style;
}

export const RED = 196;
export const YELLOW = 214;
export const GREEN = 41;
export const CYAN = 45;
export const MAGENTA = 201;
export const GREY = 245;

/** The escape sequence that turns `style` on ('' for none). */
export function sgr(style: Style): string {
  const codes: (string | number)[] = [];
  if (style.bold) codes.push(1);
  if (style.dim) codes.push(2);
  if (style.inverse) codes.push(7);
  if (style.fg !== undefined) codes.push('38;5', style.fg);
  return codes.length ? `\x1b[${codes.join(';')}m` : '';
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/** Removes control characters a log line could use to take over the terminal (keeps tabs). */
export const sanitize = (text: string): string =>
  CONTROL.test(text) ? text.replace(CONTROLS, (c) => (c === '\x1b' ? '␛' : '')) : text;

/** `text` in `style` as ANSI (sanitized). */
export const styledAnsi = (text: string, style: Style | undefined): string => {
  const open = style ? sgr(style) : '';
  return open ? `${open}${sanitize(text)}\x1b[0m` : sanitize(text);
};

export function renderAnsi(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += styledAnsi(s.text, s.style);
  return out;
}

export const renderPlain = (segments: readonly Segment[]): string => segments.map((s) => s.text).join('');

/** Segments with every match of `re` (global) shown inverse and bold. */
export function highlight(segments: readonly Segment[], re: RegExp | undefined): Segment[] {
  if (!re) return [...segments];
  const out: Segment[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const s of segments) {
    let last = 0;
    g.lastIndex = 0;
    for (let m = g.exec(s.text); m; m = g.exec(s.text)) {
      if (m[0] === '') {
        g.lastIndex++;
        continue;
      }
      if (m.index > last) out.push({ text: s.text.slice(last, m.index), style: s.style });
      out.push({ text: m[0], style: { ...s.style, inverse: true, bold: true } });
      last = m.index + m[0].length;
    }
    if (last < s.text.length) out.push({ text: s.text.slice(last), style: s.style });
  }
  return out;
}
