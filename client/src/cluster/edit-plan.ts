/**
 * Editing live cluster objects safely, like `kubectl edit` but never overwriting someone else's change:
 * the editable YAML of a live object, checks of the user's edit, and the apply and delete workflows
 * over a {@link ResourceWriter} with their outcomes. Pure: no `vscode`, no network of its own.
 *
 * Apply = server-side dry run, then a replace carrying the edited resourceVersion: if the object changed
 * since it was opened the server answers 409 and the outcome is a `conflict` with the current object;
 * nothing is retried or forced.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { refOf, type ResourceRef, type ResourceWriter } from './resource-writer';
import { errorInfo, TransportError, type KubeObject, type StatusCause } from './transport';

/** Metadata fields the server owns; an edit could not change them, so they are not shown. */
const SERVER_OWNED_METADATA = ['managedFields', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** A copy of `obj` without status and server-owned metadata, in the server's key order. */
function stripped(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  delete copy.status;
  for (const key of SERVER_OWNED_METADATA) delete copy.metadata[key];
  return copy;
}

const toYaml = (obj: unknown): string => stringify(obj, { lineWidth: 0 });

/**
 * Stable YAML of an object for a diff editor: status and server-owned metadata (managedFields, uid,
 * creationTimestamp, generation, selfLink) left out, metadata.resourceVersion kept, keys in the
 * server's order (not sorted), no folding of long lines.
 */
export function manifestForDiff(obj: KubeObject): string {
  return toYaml(stripped(obj));
}

/**
 * The YAML a user edits for `live`: {@link manifestForDiff} under a comment header that says what
 * applying does. metadata.resourceVersion stays in: it is the precondition of the replace.
 */
export function editableManifest(live: KubeObject): string {
  const where = `${live.metadata.namespace ? `${live.metadata.namespace}/` : ''}${live.metadata.name ?? ''}`;
  const header = [
    `# ${live.kind ?? 'Object'} ${where}, live from the cluster.`,
    '# Applying validates the edit with a server-side dry run, then replaces the object only if it is',
    `# still at resourceVersion ${live.metadata.resourceVersion ?? '(none)'}; if someone changed it since,`,
    '# the conflict is shown and nothing is overwritten. Status and server-owned metadata are left out.',
  ];
  return `${header.join('\n')}\n${manifestForDiff(live)}`;
}

/** The object to send, or why the edited text cannot be applied. */
export type ApplyPlan = { ok: KubeObject } | { errors: string[] };

/**
 * Checks the edited text of the object `live`: one YAML document, no YAML errors, a mapping with the
 * same apiVersion, kind, metadata.name and metadata.namespace as `live`, and a metadata.resourceVersion.
 */
export function planApply(live: ResourceRef, editedText: string): ApplyPlan {
  const docs = parseAllDocuments(editedText, { prettyErrors: true });
  const yamlErrors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (yamlErrors.length > 0) return { errors: yamlErrors };
  const nonEmpty = docs.filter((d) => d.contents !== null);
  if (nonEmpty.length === 0) return { errors: ['the manifest is empty'] };
  if (nonEmpty.length > 1) {
    return { errors: [`expected one YAML document, found ${nonEmpty.length}`] };
  }
  let value: unknown;
  try {
    value = nonEmpty[0]!.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { errors: [e instanceof Error ? e.message : String(e)] };
  }
  if (!isRecord(value)) return { errors: ['the manifest must be a mapping (apiVersion, kind, metadata, …)'] };
  if (!isRecord(value.metadata)) return { errors: ['metadata must be a mapping'] };
  const obj = value as KubeObject;
  const errors: string[] = [];
  const same = (what: string, edited: unknown, original: string | undefined) => {
    if (edited === original) return;
    const shown = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
    errors.push(
      `${what} cannot change (${shown(original)} → ${shown(edited)}): apply edits the object that was opened`,
    );
  };
  same('apiVersion', obj.apiVersion, live.apiVersion);
  same('kind', obj.kind, live.kind);
  same('metadata.name', obj.metadata.name, live.name);
  same('metadata.namespace', obj.metadata.namespace, live.namespace);
  const rv = obj.metadata.resourceVersion;
  if (typeof rv !== 'string' || rv === '') {
    errors.push(
      'metadata.resourceVersion was removed or is not a string: it is needed to refuse overwriting changes made since the object was opened',
    );
  }
  return errors.length > 0 ? { errors } : { ok: obj };
}

/** Outcomes shared by apply and delete. */
export type WriteFailure =
  /** 409: the object changed since it was read; `live` is the current object. */
  | { kind: 'conflict'; live: KubeObject; message: string }
  /** 403: the user may not do it. */
  | { kind: 'forbidden'; message: string }
  /** 404: the object (or its kind) is gone. */
  | { kind: 'notFound'; message: string }
  /** Anything else: network, server error, bad request, a missing precondition. */
  | { kind: 'error'; message: string; status?: number };

/** What {@link applyEdit} did. `invalid` is the server's 422 with its field causes. */
export type ApplyOutcome =
  | { kind: 'applied'; object: KubeObject }
  | { kind: 'invalid'; message: string; causes: StatusCause[] }
  | WriteFailure;

/** What {@link deleteResource} did. */
export type DeleteOutcome = { kind: 'deleted' } | WriteFailure;

/**
 * Applies an edited object (from {@link planApply}): a server-side dry run first, and only when it
 * passes the real replace with the object's resourceVersion as precondition. A 409 from either step
 * becomes a `conflict` with the current live object (read afresh); nothing is ever retried or forced.
 * An object without metadata.resourceVersion is refused without asking the server.
 */
export async function applyEdit(writer: ResourceWriter, obj: KubeObject): Promise<ApplyOutcome> {
  if (!obj.metadata.resourceVersion) {
    return { kind: 'error', message: 'refusing to replace without metadata.resourceVersion' };
  }
  try {
    await writer.replace(obj, { dryRun: true });
    return { kind: 'applied', object: await writer.replace(obj) };
  } catch (e) {
    if (errorInfo(e).status === 422) {
      const causes = e instanceof TransportError ? e.causes : [];
      return { kind: 'invalid', message: (e as Error).message, causes };
    }
    return failure(writer, refOf(obj), e);
  }
}

/**
 * Deletes `ref`; with `resourceVersion`, only if the object is still at that version (else a
 * `conflict` with the current object).
 */
export async function deleteResource(
  writer: ResourceWriter,
  ref: ResourceRef,
  resourceVersion?: string,
): Promise<DeleteOutcome> {
  try {
    await writer.delete(ref, resourceVersion ? { resourceVersion } : {});
    return { kind: 'deleted' };
  } catch (e) {
    return failure(writer, ref, e);
  }
}

/** The outcome of a failed write; for a conflict, reads the current object. */
async function failure(writer: ResourceWriter, ref: ResourceRef, e: unknown): Promise<WriteFailure> {
  const message = e instanceof Error ? e.message : String(e);
  const { status } = errorInfo(e);
  if (status === 403) return { kind: 'forbidden', message };
  if (status === 404) return { kind: 'notFound', message };
  if (status !== 409) return { kind: 'error', message, ...(status !== undefined ? { status } : {}) };
  try {
    return { kind: 'conflict', live: await writer.get(ref), message };
  } catch (again) {
    if (errorInfo(again).status === 404) {
      return { kind: 'notFound', message: `${message} (and it has been deleted since)` };
    }
    const why = again instanceof Error ? again.message : String(again);
    return { kind: 'error', message: `${message}; reading the current object failed: ${why}`, status };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
