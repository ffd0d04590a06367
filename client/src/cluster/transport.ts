/**
 * The transport a watch cache talks to: list and watch one resource collection. Implemented over
 * @kubernetes/client-node in the extension and over plain `http` in tests; the cache itself never
 * imports either, so it stays pure and testable with a scripted fake.
 */

/** The parts of a Kubernetes object the cache relies on; everything else is passed through untouched. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A list response: the items and the collection's resourceVersion to watch from. */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event; for `ERROR` the object is a meta/v1 Status (`code`, `reason`, `message`). */
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ResourceTransport {
  /** List the whole collection. Rejects with a {@link TransportError}. */
  list(signal: AbortSignal): Promise<ListResult>;
  /**
   * Watch from `resourceVersion` with bookmarks, calling `onEvent` per event. Resolves when the server
   * ends the stream; rejects with a {@link TransportError} (HTTP status or network error) or when aborted.
   */
  watch(resourceVersion: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}

/** One field-level cause of a meta/v1 Status, e.g. of a 422 Invalid (`FieldValueInvalid`, `spec.hosts`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A failed request: an HTTP status (with the Status reason) or a network error code such as ECONNREFUSED. */
export class TransportError extends Error {
  readonly status?: number;
  readonly reason?: string;
  /** Node errno code for network failures (ECONNREFUSED, ECONNRESET, ETIMEDOUT, …). */
  readonly code?: string;
  /** The Status `details.causes` (field errors of a 422 Invalid); empty when the server sent none. */
  readonly causes: StatusCause[];

  constructor(
    message: string,
    opts: { status?: number; reason?: string; code?: string; causes?: StatusCause[] } = {},
  ) {
    super(message);
    this.name = 'TransportError';
    this.status = opts.status;
    this.reason = opts.reason;
    this.code = opts.code;
    this.causes = opts.causes ?? [];
  }
}

/** Status fields of an error-like value (TransportError, client-node ApiException, Node system error). */
export function errorInfo(e: unknown): { status?: number; reason?: string; code?: string } {
  if (typeof e !== 'object' || e === null) return {};
  const o = e as { status?: unknown; reason?: unknown; code?: unknown };
  return {
    status: typeof o.status === 'number' ? o.status : typeof o.code === 'number' ? o.code : undefined,
    reason: typeof o.reason === 'string' ? o.reason : undefined,
    code: typeof o.code === 'string' ? o.code : undefined,
  };
}
