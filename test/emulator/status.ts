/** Kubernetes Status objects and the errors that carry them. */
export type Reason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Invalid'
  | 'Gone'
  | 'Expired'
  | 'UnsupportedMediaType'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function status(
  code: number,
  reason: Reason | undefined,
  message: string,
  details?: StatusDetails,
): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    ...(reason ? { reason } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

const REASON_BY_CODE: Record<number, Reason> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function fail(code: number, message: string, details?: StatusDetails, reason?: Reason): never {
  throw new ApiError(status(code, reason ?? REASON_BY_CODE[code] ?? 'InternalError', message, details));
}

/** `resource.group` as in real messages, e.g. `virtualservices.networking.istio.io "x" not found`. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}
