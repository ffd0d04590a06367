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

/** A field error of a 422 Invalid, e.g. `{reason: 'FieldValueInvalid', field: 'metadata.labels', message}`. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
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

/**
 * 422 Invalid as the API server words it: `Kind.group "name" is invalid: field: Invalid value: …`,
 * one cause per field error.
 */
export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: { field: string; message: string }[],
): never {
  const list = causes.map((c) => ({ reason: 'FieldValueInvalid', ...c }));
  const what = group ? `${kind}.${group}` : kind;
  const text = list.map((c) => `${c.field}: ${c.message}`);
  fail(422, `${what} "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(', ')}]`}`, {
    name,
    group,
    kind,
    causes: list,
  });
}
