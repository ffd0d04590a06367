/** Small helpers over plain Kubernetes objects: snapshot access, labels, selectors, ids. */
import type { AccessState, ClusterSnapshot, KeyedBy, KubeObject, ResourceKey, ResourceRef } from './types';

/** The snapshot key of a resource type: `Kind` for the core group, `group/Kind` otherwise. */
export function resourceKey(group: string, kind: string): ResourceKey {
  return group ? `${group}/${kind}` : kind;
}

/** The API group of an `apiVersion` (`''` for `v1`). */
export function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** The snapshot key of an object, from its `apiVersion` and `kind`. */
export function keyOf(obj: KubeObject): ResourceKey {
  return resourceKey(groupOf(obj.apiVersion), obj.kind ?? '');
}

function lookup<T>(m: KeyedBy<T> | undefined, key: ResourceKey): T | undefined {
  if (!m) return undefined;
  if (m instanceof Map) return m.get(key);
  return Object.prototype.hasOwnProperty.call(m, key) ? (m as Record<string, T>)[key] : undefined;
}

/** Objects of one type (empty when absent). */
export function objectsOf(s: ClusterSnapshot, key: ResourceKey): readonly KubeObject[] {
  return lookup(s.objects, key) ?? [];
}

/** Access to one type (`'ok'` when absent). */
export function accessOf(s: ClusterSnapshot, key: ResourceKey): AccessState {
  return lookup(s.access, key) ?? 'ok';
}

/** The server message recorded for a forbidden type, if any. */
export function accessMessageOf(s: ClusterSnapshot, key: ResourceKey): string | undefined {
  return lookup(s.accessMessages, key);
}

/**
 * Builds a snapshot from a flat list of objects (grouped by `apiVersion`/`kind`); convenient for tests
 * and for adapters whose cache is a single list.
 */
export function snapshotOf(
  context: string,
  objects: Iterable<KubeObject>,
  access?: KeyedBy<AccessState>,
): ClusterSnapshot {
  const map = new Map<ResourceKey, KubeObject[]>();
  for (const o of objects) {
    const k = keyOf(o);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(o);
  }
  return { context, objects: map, access };
}

export const nameOf = (o: KubeObject): string => o.metadata.name ?? '';
/** The object's labels (not copied; values are trusted to be strings as the API guarantees). */
export function labelsOf(o: KubeObject): Record<string, string> {
  const l = o.metadata.labels;
  return l !== null && typeof l === 'object' ? (l as Record<string, string>) : {};
}

/** Reads a nested property of an unknown value (`undefined` on any missing step). */
export function dig(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** String map (e.g. `matchLabels`), dropping non-string values. */
export function asLabels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asRecord(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** True when every `want` label is present with the same value (an empty map selects everything). */
export function matchesLabels(labels: Record<string, string>, want: Record<string, string>): boolean {
  for (const k in want) if (labels[k] !== want[k]) return false;
  return true;
}

/** A `LabelSelector` (`matchLabels` + `matchExpressions`) test. */
export function matchesSelector(labels: Record<string, string>, selector: unknown): boolean {
  if (!matchesLabels(labels, asLabels(dig(selector, 'matchLabels')))) return false;
  for (const e of asArray(dig(selector, 'matchExpressions'))) {
    const key = asString(dig(e, 'key')) ?? '';
    const values = asArray(dig(e, 'values'));
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (asString(dig(e, 'operator'))) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Resource reference of an object (for commands on a node). */
export function refOf(o: KubeObject, fallbackApiVersion: string, fallbackKind: string): ResourceRef {
  return {
    apiVersion: o.apiVersion ?? fallbackApiVersion,
    kind: o.kind ?? fallbackKind,
    namespace: o.metadata.namespace,
    name: nameOf(o),
  };
}

/** Deterministic name order (code-unit order, locale independent). */
export const byName = (a: { label: string }, b: { label: string }): number =>
  a.label < b.label ? -1 : a.label > b.label ? 1 : 0;

/** Escapes Markdown special characters in user data placed into tooltips. */
export function md(s: string): string {
  return s.replace(/[\\`*_[\]|<>]/g, '\\$&');
}

/** Objects grouped by namespace (cluster-scoped objects under `''`). */
export function byNamespace(objs: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const o of objs) {
    const ns = o.metadata.namespace ?? '';
    let list = out.get(ns);
    if (!list) out.set(ns, (list = []));
    list.push(o);
  }
  return out;
}
