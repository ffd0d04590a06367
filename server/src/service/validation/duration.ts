/** Protobuf/Go durations as Istio accepts them: `5s`, `1.5s`, `100ms`, `1h30m`, `250us`. */
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

export function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return `Duration ${value} needs a unit, e.g. ${value}s`;
  if (typeof value !== 'string') return undefined;
  if (DURATION.test(value)) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return `Duration '${value}' needs a unit, e.g. ${value}s`;
  return `'${value}' is not a duration: use a number with a unit (h, m, s, ms, us, ns), e.g. 5s or 100ms`;
}
