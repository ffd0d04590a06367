/**
 * API discovery: which groups, versions and resources a cluster serves. Pure parsers of the discovery
 * documents (`/api`, `/apis`, `/api/v1`, `/apis/GROUP/VERSION`) and a lazy, caching {@link Discovery}
 * over any `get(path)` (client-node in the extension, plain HTTP or a fake in tests).
 */
import { errorInfo } from './transport';

/** A served API group: its versions (in the server's order) and the preferred one. Core is `''`. */
export interface ApiGroupInfo {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/** A top-level resource of one group version (subresources such as `pods/log` are left out). */
export interface ApiResourceInfo {
  /** `networking.istio.io/v1`, or `v1` for core */
  groupVersion: string;
  kind: string;
  /** the plural used in URLs, e.g. `virtualservices` */
  plural: string;
  namespaced: boolean;
  /** e.g. get, list, watch, create, update, patch, delete */
  verbs: string[];
  shortNames: string[];
}

/** `networking.istio.io/v1` → group and version; a bare `v1` is the core group `''`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The core group from an `/api` APIVersions document (`{versions: ['v1']}`). */
export function parseCoreVersions(body: unknown): ApiGroupInfo {
  const versions = isRecord(body) ? strings(body.versions) : [];
  return { name: '', versions, preferredVersion: versions[0] ?? 'v1' };
}

/** The groups of an `/apis` APIGroupList; a group without preferredVersion prefers its first version. */
export function parseGroupList(body: unknown): ApiGroupInfo[] {
  const groups = isRecord(body) && Array.isArray(body.groups) ? body.groups : [];
  const out: ApiGroupInfo[] = [];
  for (const g of groups) {
    if (!isRecord(g) || typeof g.name !== 'string') continue;
    const versions = (Array.isArray(g.versions) ? g.versions : [])
      .map((v) => (isRecord(v) && typeof v.version === 'string' ? v.version : undefined))
      .filter((v): v is string => v !== undefined);
    const preferred = isRecord(g.preferredVersion) ? g.preferredVersion.version : undefined;
    out.push({
      name: g.name,
      versions,
      preferredVersion: typeof preferred === 'string' ? preferred : (versions[0] ?? ''),
    });
  }
  return out;
}

/** The top-level resources of an APIResourceList (`/api/v1`, `/apis/G/V`). */
export function parseResourceList(body: unknown): ApiResourceInfo[] {
  if (!isRecord(body)) return [];
  const groupVersion = typeof body.groupVersion === 'string' ? body.groupVersion : '';
  const out: ApiResourceInfo[] = [];
  for (const r of Array.isArray(body.resources) ? body.resources : []) {
    if (!isRecord(r) || typeof r.name !== 'string' || r.name.includes('/')) continue;
    if (typeof r.kind !== 'string') continue;
    out.push({
      groupVersion,
      kind: r.kind,
      plural: r.name,
      namespaced: r.namespaced === true,
      verbs: strings(r.verbs),
      shortNames: strings(r.shortNames),
    });
  }
  return out;
}

/** The discovery path of a group version: `/api/v1` or `/apis/GROUP/VERSION`. */
export const groupVersionPath = (apiVersion: string): string =>
  apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;

/**
 * What the cluster serves, fetched on demand: the group list once, and each group version's resources
 * the first time they are asked for. Answers are cached until {@link Discovery.invalidate}; a failed
 * request is not cached (the next call asks again). Rejects with the getter's error, except that a
 * group version the server answers 404 for simply has no resources.
 */
export interface Discovery {
  /** Every served group, core (`''`) first. */
  groups(): Promise<ApiGroupInfo[]>;
  /** One group, or undefined when it is not served. */
  group(name: string): Promise<ApiGroupInfo | undefined>;
  /** Top-level resources of `apiVersion` (`v1`, `networking.istio.io/v1`); empty when not served. */
  resources(apiVersion: string): Promise<ApiResourceInfo[]>;
  /** The resource serving `kind` in `apiVersion`, or undefined when the server does not serve it. */
  resolve(apiVersion: string, kind: string): Promise<ApiResourceInfo | undefined>;
  /** Forget everything (after CRDs were installed or removed). */
  invalidate(): void;
}

/** A {@link Discovery} over `get(path)`, which resolves with the parsed JSON body of a GET. */
export function discover(get: (path: string) => Promise<unknown>): Discovery {
  let groups: Promise<ApiGroupInfo[]> | undefined;
  const resources = new Map<string, Promise<ApiResourceInfo[]>>();

  const loadGroups = async (): Promise<ApiGroupInfo[]> => {
    const [core, named] = await Promise.all([get('/api'), get('/apis')]);
    return [parseCoreVersions(core), ...parseGroupList(named)];
  };

  const loadResources = async (apiVersion: string): Promise<ApiResourceInfo[]> => {
    try {
      return parseResourceList(await get(groupVersionPath(apiVersion)));
    } catch (e) {
      if (errorInfo(e).status === 404) return [];
      throw e;
    }
  };

  const discovery: Discovery = {
    groups() {
      if (!groups) {
        const p = loadGroups();
        groups = p;
        // A failure is not cached: the next call asks again.
        p.catch(() => groups === p && (groups = undefined));
      }
      return groups;
    },
    async group(name) {
      return (await discovery.groups()).find((g) => g.name === name);
    },
    resources(apiVersion) {
      let p = resources.get(apiVersion);
      if (!p) {
        const loading = loadResources(apiVersion);
        resources.set(apiVersion, loading);
        loading.catch(() => resources.get(apiVersion) === loading && resources.delete(apiVersion));
        p = loading;
      }
      return p;
    },
    async resolve(apiVersion, kind) {
      return (await discovery.resources(apiVersion)).find((r) => r.kind === kind);
    },
    invalidate() {
      groups = undefined;
      resources.clear();
    },
  };
  return discovery;
}
