/** Checks of request bodies shared by the write verbs. */
import { apiVersionOf, type ResourceType } from './resources';
import { fail } from './status';
import type { KObject, Preconditions } from './store';
import { parseJson } from './http-util';

/** The DeleteOptions body of a DELETE (kubectl and client libraries send one; it may be empty). */
export function deleteOptions(raw: Buffer): { dryRun?: string[]; preconditions?: Preconditions } {
  if (raw.length === 0) return {};
  const body = parseJson(raw) as {
    dryRun?: unknown;
    preconditions?: { uid?: unknown; resourceVersion?: unknown } | null;
  } | null;
  if (typeof body !== 'object' || body === null) fail(400, 'the DeleteOptions body is not an object');
  const p = body.preconditions ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    dryRun: Array.isArray(body.dryRun) ? body.dryRun.map(String) : undefined,
    preconditions: { uid: str(p.uid), resourceVersion: str(p.resourceVersion) },
  };
}

/** A body must be an object of the resource's kind (when it names one). */
export function checkKind(t: ResourceType, body: KObject): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    fail(400, 'the object provided is not an object');
  if (body.kind && body.kind !== t.kind) {
    fail(
      400,
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(t, t.versions[0])})`,
    );
  }
}
