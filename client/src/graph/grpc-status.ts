/**
 * gRPC status codes and the response breakdown of the detail panel. A gRPC call that fails still ends
 * with HTTP 200 (the status travels in the `grpc-status` trailer, Istio's `grpc_response_status`), so
 * the breakdown splits each HTTP code by gRPC status: `200 · OK`, `200 · UNAVAILABLE (14)`. Pure and
 * shared by the model and the webview.
 */
import type { GraphEdge } from './graph-types';

/** The 17 canonical gRPC status codes, by number (grpc/doc/statuscodes.md). */
export const GRPC_STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** `OK`, `UNAVAILABLE (14)`, `grpc-status 42` for a number outside the canonical set. */
export function grpcStatusLabel(status: string): string {
  if (status === '0') return 'OK';
  const name = /^\d+$/.test(status) ? GRPC_STATUS_NAMES[Number(status)] : undefined;
  return name ? `${name} (${status})` : `grpc-status ${status}`;
}

/** Whether a reported grpc_response_status is a real status (the label is absent or `unknown` for HTTP). */
export const isGrpcStatus = (status: string | undefined): status is string =>
  !!status && /^\d+$/.test(status);

/** One row of the response breakdown. */
export interface ResponseRow {
  /** `200`, `503`, `200 · OK`, `200 · UNAVAILABLE (14)` */
  label: string;
  /** requests per second */
  rps: number;
  /** counts as failed: 5xx, or a non-OK gRPC status */
  error: boolean;
}

type Codes = Record<string, number>;
type GrpcCodes = Record<string, Record<string, number>>;

const isHttpError = (code: string) => /^5\d\d$/.test(code);
/** Rates below this are rounding left-overs of a split, not traffic. */
const EPSILON = 1e-9;

/**
 * The rows of a breakdown: each HTTP code, split by gRPC status where gRPC traffic carried one (the
 * remainder, HTTP traffic with the same code, keeps the plain code). Sorted by code, then status.
 */
export function responseRows(codes: Codes, grpc: GrpcCodes = {}): ResponseRow[] {
  const rows: (ResponseRow & { code: string; status: number })[] = [];
  for (const code of new Set([...Object.keys(codes), ...Object.keys(grpc)])) {
    const statuses = Object.entries(grpc[code] ?? {});
    let rest = codes[code] ?? 0;
    for (const [status, rps] of statuses) {
      rest -= rps;
      rows.push({
        code,
        status: Number(status),
        label: `${code} · ${grpcStatusLabel(status)}`,
        rps,
        error: isHttpError(code) || status !== '0',
      });
    }
    if (rest > EPSILON * Math.max(1, codes[code] ?? 0))
      rows.push({ code, status: -1, label: code, rps: rest, error: isHttpError(code) });
  }
  return rows
    .sort((a, b) => a.code.localeCompare(b.code) || a.status - b.status)
    .map(({ label, rps, error }) => ({ label, rps, error }));
}

/** HTTP codes and gRPC statuses summed over edges (a node's inbound traffic). */
export function sumResponses(edges: readonly GraphEdge[]): { codes: Codes; grpc: GrpcCodes } {
  const codes: Codes = {};
  const grpc: GrpcCodes = {};
  for (const e of edges) {
    for (const [code, rps] of Object.entries(e.responseCodes)) codes[code] = (codes[code] ?? 0) + rps;
    for (const [code, statuses] of Object.entries(e.grpcStatuses ?? {})) {
      const into = (grpc[code] ??= {});
      for (const [status, rps] of Object.entries(statuses)) into[status] = (into[status] ?? 0) + rps;
    }
  }
  return { codes, grpc };
}
