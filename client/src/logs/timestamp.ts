/**
 * The RFC 3339 timestamps the kubelet puts before each line with `timestamps=true`
 * (`2024-05-01T10:00:00.123456789Z`, trailing zeros of the fraction trimmed, so strings do not sort):
 * splitting them off a line, comparing them at nanosecond precision and the `sinceTime` to resume from.
 */

/** A parsed timestamp: whole seconds since the epoch and the nanoseconds within that second. */
export interface Instant {
  seconds: number;
  nanos: number;
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

/** The digits of `text` from `from` to `to` (exclusive) as a number; NaN when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * The kubelet's own form, `YYYY-MM-DDTHH:MM:SS[.fffffffff]Z`, read without a regex or a string per
 * call (this runs for every log line); undefined for any other form.
 */
function parseUtcInstant(text: string): Instant | undefined {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */ || text[4] !== '-' || text[7] !== '-') return;
  if (text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return;
  let nanos = 0;
  if (n > 20) {
    const fraction = n - 21;
    if (text[19] !== '.' || fraction < 1 || fraction > 9) return;
    nanos = digits(text, 20, n - 1) * 10 ** (9 - fraction);
  }
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const sec = digits(text, 17, 19);
  // out-of-range fields (Date.UTC would roll them over) and years Date.UTC maps to 19xx: the slow path
  if (!(y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) return;
  if (!(h <= 23 && mi <= 59 && sec <= 59) || Number.isNaN(nanos)) return;
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  return { seconds: ms / 1000, nanos };
}

/** The instant of an RFC 3339 timestamp, undefined when it is not one. */
export function parseInstant(text: string): Instant | undefined {
  const fast = parseUtcInstant(text);
  if (fast) return fast;
  const m = TS.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = m[2] ? Number(m[2].slice(1).padEnd(9, '0')) : 0;
  return { seconds: ms / 1000, nanos };
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** Milliseconds since the epoch (for delays and display). */
export const instantMs = (i: Instant): number => i.seconds * 1000 + Math.floor(i.nanos / 1e6);

/**
 * `sinceTime` to resume after `i`: the API takes whole seconds, so this is the start of i's second; the
 * lines of that second already seen come again and {@link ResumeDeduplicator} drops them.
 */
export const resumeSinceTime = (i: Instant): string =>
  new Date(i.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Splits `TIMESTAMP text` (one space between) into both parts; no timestamp: undefined. */
export function splitTimestamp(
  line: string,
): { timestamp: string; instant: Instant; text: string } | undefined {
  const space = line.indexOf(' ');
  const head = space < 0 ? line : line.slice(0, space);
  const instant = parseInstant(head);
  if (!instant) return undefined;
  return { timestamp: head, instant, text: space < 0 ? '' : line.slice(space + 1) };
}
