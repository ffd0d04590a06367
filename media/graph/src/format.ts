/** Number formatting and health classes shared by labels, the legend and the detail panel. */

/** Error share at or above which an edge or node is degraded (yellow) or failing (red). */
export const DEGRADED_ERROR_RATE = 0.01;
export const FAILING_ERROR_RATE = 0.05;

export type Health = 'healthy' | 'degraded' | 'failing' | 'idle';

/** Health of traffic with `rps` requests per second of which `errorRate` (0..1) failed. */
export function healthOf(rps: number, errorRate: number, idle = false): Health {
  if (idle || rps <= 0) return 'idle';
  if (errorRate >= FAILING_ERROR_RATE) return 'failing';
  if (errorRate >= DEGRADED_ERROR_RATE) return 'degraded';
  return 'healthy';
}

/** `12.3 rps`, `0.05 rps`, `1.2k rps`. */
export function formatRps(rps: number): string {
  if (rps >= 1000) return `${(rps / 1000).toFixed(1)}k rps`;
  if (rps >= 10) return `${rps.toFixed(0)} rps`;
  if (rps >= 1) return `${rps.toFixed(1)} rps`;
  return `${rps.toFixed(2)} rps`;
}

/** `0%`, `0.4%`, `12%`. */
export function formatPercent(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (pct < 10) return `${pct.toFixed(1)}%`;
  return `${pct.toFixed(0)}%`;
}

/** `850ms`, `1.2s`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)}s`;
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)}ms`;
}

/** `1.2 KB/s`. */
export function formatBytes(bytesPerSecond: number): string {
  const units = ['B/s', 'KB/s', 'MB/s', 'GB/s'];
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}
