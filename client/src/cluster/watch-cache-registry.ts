/**
 * One {@link WatchCache} per resource collection (group/version/resource[/namespace]) shared by every
 * feature, with reference counting: the first acquire creates and starts the cache, the last release
 * disposes it, so the cluster is asked once per collection however many views use it.
 */
import type { WatchCache } from './watch-cache';

export interface ResourceKey {
  /** '' for the core group */
  group: string;
  version: string;
  /** plural resource name, e.g. 'pods' */
  resource: string;
  /** omitted: all namespaces (or cluster-scoped) */
  namespace?: string;
}

/** `group/version/resource[/namespace]`, the registry's map key. */
export const resourceKeyString = (k: ResourceKey): string =>
  `${k.group}/${k.version}/${k.resource}${k.namespace ? `/${k.namespace}` : ''}`;

/** A use of a shared cache; release exactly once (further calls do nothing). */
export interface CacheLease {
  readonly cache: WatchCache;
  release(): void;
}

export class WatchCacheRegistry {
  private readonly entries = new Map<string, { cache: WatchCache; refs: number }>();

  /** `create` builds a (not yet started) cache for a key, e.g. with a transport for that collection. */
  constructor(private readonly create: (key: ResourceKey) => WatchCache) {}

  acquire(key: ResourceKey): CacheLease {
    const id = resourceKeyString(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { cache: this.create(key), refs: 0 };
      this.entries.set(id, entry);
      entry.cache.start();
    }
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      cache: held.cache,
      release: () => {
        if (released) return;
        released = true;
        if (--held.refs > 0 || this.entries.get(id) !== held) return;
        this.entries.delete(id);
        held.cache.dispose();
      },
    };
  }

  /** Reference count per key (for diagnostics and tests). */
  refCount(key: ResourceKey): number {
    return this.entries.get(resourceKeyString(key))?.refs ?? 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Dispose every cache regardless of outstanding leases (extension deactivation). */
  dispose(): void {
    for (const { cache } of this.entries.values()) cache.dispose();
    this.entries.clear();
  }
}
