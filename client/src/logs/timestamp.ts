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

/** The instant of an RFC 3339 timestamp, undefined when it is not one. */
export function parseInstant(text: string): Instant | undefined {
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
