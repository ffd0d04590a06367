/**
 * Object storage: one storage per resource (shared by all served versions), a global monotonically
 * increasing resourceVersion, uid/creationTimestamp/generation, and a bounded event history for watches.
 */
import { randomUUID } from 'node:crypto';
import { apiVersionOf, findType, type ResourceType } from './resources';
import { fail, invalid, qualified } from './status';

export type KObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata: Metadata;
};

export interface Metadata {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  rv: number;
  storageKey: string;
  object: KObject;
  /** the object before a MODIFIED event (for selector transitions on filtered watches) */
  previous?: KObject;
}

/** DeleteOptions.preconditions: delete only this uid / resourceVersion. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The apiserver's metadata.labels value check (keys are not checked). */
function validateLabels(t: ResourceType, name: string, labels: unknown): void {
  if (labels === undefined || labels === null) return;
  const causes: { field: string; message: string }[] = [];
  for (const value of Object.values(labels as Record<string, unknown>)) {
    if (typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value)) continue;
    causes.push({
      field: 'metadata.labels',
      message: `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    });
  }
  if (causes.length) invalid(t.kind, t.group, name, causes);
}

export const storageKey = (t: ResourceType): string => `${t.group}/${t.resource}`;

const NAMESPACE_TYPE = findType('', 'v1', 'namespaces')!;

const objKey = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;

export class Store {
  private rv = 1;
  private readonly data = new Map<string, Map<string, KObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(readonly historySize = 1000) {}

  get resourceVersion(): number {
    return this.rv;
  }

  /** Every event after this resourceVersion is still in the history (older → 410 Expired). */
  private minResumable = 0;

  private bucket(t: ResourceType): Map<string, KObject> {
    let b = this.data.get(storageKey(t));
    if (!b) this.data.set(storageKey(t), (b = new Map()));
    return b;
  }

  /** Copy of a stored object, converted to the requested version. */
  static view(obj: KObject, t: ResourceType, version: string): KObject {
    const copy = structuredClone(obj);
    copy.apiVersion = apiVersionOf(t, version);
    copy.kind = t.kind;
    return copy;
  }

  list(t: ResourceType, namespace?: string): KObject[] {
    const out: KObject[] = [];
    for (const o of this.bucket(t).values()) {
      if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    }
    return out.sort((a, b) =>
      objKey(a.metadata.namespace, a.metadata.name!).localeCompare(
        objKey(b.metadata.namespace, b.metadata.name!),
      ),
    );
  }

  find(t: ResourceType, namespace: string | undefined, name: string): KObject | undefined {
    return this.bucket(t).get(objKey(t.namespaced ? namespace : undefined, name));
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KObject {
    const o = this.find(t, namespace, name);
    if (!o)
      fail(404, `${qualified(t.resource, t.group)} "${name}" not found`, {
        name,
        group: t.group,
        kind: t.resource,
      });
    return o;
  }

  private checkNamespace(t: ResourceType, namespace: string | undefined): void {
    if (!t.namespaced) return;
    if (!namespace) fail(400, 'the server could not find the requested resource');
    if (!this.bucket(NAMESPACE_TYPE).has(objKey(undefined, namespace))) {
      fail(404, `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
  }

  create(t: ResourceType, namespace: string | undefined, input: KObject, dryRun = false): KObject {
    const obj = structuredClone(input);
    obj.metadata = { ...(obj.metadata ?? {}) };
    const md = obj.metadata;
    if (!md.name && md.generateName) md.name = md.generateName + Math.random().toString(36).slice(2, 7);
    if (!md.name)
      fail(422, `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`, {
        kind: t.kind,
        group: t.group,
      });
    if (t.namespaced) {
      if (md.namespace && namespace && md.namespace !== namespace) {
        fail(400, 'the namespace of the provided object does not match the namespace sent on the request');
      }
      md.namespace = namespace ?? md.namespace;
    } else delete md.namespace;
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(md.name) || md.name.length > 253) {
      fail(
        422,
        `${t.kind} "${md.name}" is invalid: metadata.name: Invalid value: "${md.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
        { name: md.name, group: t.group, kind: t.kind },
      );
    }
    validateLabels(t, md.name, md.labels);
    this.checkNamespace(t, md.namespace);
    const key = objKey(md.namespace, md.name);
    if (this.bucket(t).has(key)) {
      fail(
        409,
        `${qualified(t.resource, t.group)} "${md.name}" already exists`,
        { name: md.name, group: t.group, kind: t.resource },
        'AlreadyExists',
      );
    }
    md.uid = randomUUID();
    md.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    md.generation = 1;
    delete md.resourceVersion;
    obj.apiVersion = apiVersionOf(t, t.versions[0]);
    obj.kind = t.kind;
    if (t.kind === 'Namespace') md.labels = { ...md.labels, 'kubernetes.io/metadata.name': md.name };
    if (t.kind === 'Namespace') obj.status = { phase: 'Active' };
    if (t.kind === 'Namespace') obj.spec = { finalizers: ['kubernetes'] };
    if (dryRun) return { ...obj, metadata: { ...md, resourceVersion: String(this.rv) } };
    md.resourceVersion = String(++this.rv);
    this.bucket(t).set(key, obj);
    this.emit('ADDED', t, obj);
    return structuredClone(obj);
  }

  update(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    input: KObject,
    dryRun = false,
  ): KObject {
    const existing = this.get(t, namespace, name);
    const obj = structuredClone(input);
    obj.metadata = { ...(obj.metadata ?? {}) };
    const md = obj.metadata;
    if (md.name && md.name !== name) fail(400, 'the name of the object does not match the name on the URL');
    if (md.resourceVersion && md.resourceVersion !== existing.metadata.resourceVersion) {
      fail(
        409,
        `Operation cannot be fulfilled on ${qualified(t.resource, t.group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: t.group, kind: t.resource },
      );
    }
    validateLabels(t, name, md.labels);
    md.name = name;
    if (t.namespaced) md.namespace = existing.metadata.namespace;
    md.uid = existing.metadata.uid;
    md.creationTimestamp = existing.metadata.creationTimestamp;
    md.generation = existing.metadata.generation ?? 1;
    if (JSON.stringify(obj.spec ?? null) !== JSON.stringify(existing.spec ?? null)) md.generation++;
    if (obj.status === undefined && existing.status !== undefined) obj.status = existing.status;
    obj.apiVersion = apiVersionOf(t, t.versions[0]);
    obj.kind = t.kind;
    if (dryRun) return { ...obj, metadata: { ...md, resourceVersion: existing.metadata.resourceVersion } };
    md.resourceVersion = String(++this.rv);
    this.bucket(t).set(objKey(md.namespace, name), obj);
    this.emit('MODIFIED', t, obj, existing);
    return structuredClone(obj);
  }

  delete(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    dryRun = false,
    preconditions: Preconditions = {},
  ): KObject {
    const existing = this.get(t, namespace, name);
    const mismatch = (field: 'UID' | 'ResourceVersion', wanted: string | undefined, actual: unknown) =>
      wanted !== undefined &&
      wanted !== actual &&
      fail(
        409,
        `Operation cannot be fulfilled on ${qualified(t.resource, t.group)} "${name}": Precondition failed: ${field} in precondition: ${wanted}, ${field} in object meta: ${String(actual)}`,
        { name, group: t.group, kind: t.resource },
      );
    mismatch('UID', preconditions.uid, existing.metadata.uid);
    mismatch('ResourceVersion', preconditions.resourceVersion, existing.metadata.resourceVersion);
    if (dryRun) return structuredClone(existing);
    this.bucket(t).delete(objKey(existing.metadata.namespace, name));
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', t, gone);
    if (t.kind === 'Namespace') this.deleteNamespaceContents(name);
    return structuredClone(gone);
  }

  private deleteNamespaceContents(ns: string): void {
    for (const [key, bucket] of this.data) {
      for (const [k, o] of bucket) {
        if (o.metadata.namespace !== ns) continue;
        bucket.delete(k);
        const gone = structuredClone(o);
        gone.metadata.resourceVersion = String(++this.rv);
        this.record({ type: 'DELETED', rv: this.rv, storageKey: key, object: gone });
      }
    }
  }

  private emit(type: EventType, t: ResourceType, obj: KObject, previous?: KObject): void {
    this.record({ type, rv: this.rv, storageKey: storageKey(t), object: structuredClone(obj), previous });
  }

  private record(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > this.historySize) this.minResumable = this.history.shift()!.rv;
    for (const l of this.listeners) l(e);
  }

  /** true when history after rv has been compacted away (watch resume and continue tokens → 410) */
  isExpired(rv: number): boolean {
    return rv < this.minResumable;
  }

  /** Events after rv, or undefined when rv is older than the bounded history. */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.minResumable) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drop history older than the current resourceVersion (tests of 410 Expired). */
  compact(): void {
    this.history.length = 0;
    this.minResumable = this.rv;
  }
}
