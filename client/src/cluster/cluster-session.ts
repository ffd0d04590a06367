/**
 * Everything Meshwright holds for the current context: the shared watch-cache registry over client-node,
 * discovery, and the {@link LiveCluster} every feature reads. Kubernetes types are watched at once; Istio
 * types once discovery says which versions the cluster serves (retried until it answers), so an
 * older Istio (v1beta1 only) or a cluster without Istio both work. No vscode import.
 */
import { clientNodeGet, type KubeConfig } from './client-node-request';
import { clientNodeTransport } from './client-node-transport';
import { clientNodeWriter } from './client-node-writer';
import { discover, type Discovery } from './discovery';
import { LiveCluster } from './live-cluster';
import { apiVersionOf, CRDS, ISTIO_TYPES, KUBERNETES_TYPES, type WatchedType } from './resource-types';
import type { ResourceWriter } from './resource-writer';
import type { ResourceTransport } from './transport';
import { WatchCache } from './watch-cache';
import { WatchCacheRegistry, type ResourceKey } from './watch-cache-registry';

export interface ClusterSessionOptions {
  kc: KubeConfig;
  context: string;
  namespace: string;
  /** recoverable errors (failed lists/watches, discovery) for the log */
  onError?: (message: string, error: unknown) => void;
  /** Istio kinds to watch (default: all Meshwright knows). */
  istioTypes?: readonly WatchedType[];
  /** Debounce of the cluster's change event (ms). */
  debounceMs?: number;
}

/** A transport created on first use (client-node is loaded asynchronously). */
function lazyTransport(create: () => Promise<ResourceTransport>): ResourceTransport {
  let transport: Promise<ResourceTransport> | undefined;
  const get = () => (transport ??= create().catch((e) => ((transport = undefined), Promise.reject(e))));
  return {
    list: async (signal) => (await get()).list(signal),
    watch: async (rv, onEvent, signal) => (await get()).watch(rv, onEvent, signal),
  };
}

export class ClusterSession {
  readonly context: string;
  readonly namespace: string;
  readonly kc: KubeConfig;
  readonly registry: WatchCacheRegistry;
  readonly discovery: Discovery;
  readonly cluster: LiveCluster;
  /** reads and safe writes (dry-run, resourceVersion preconditions) on the same discovery */
  readonly writer: ResourceWriter;
  /** Istio API versions the cluster serves per group, once discovery answered. */
  readonly istioVersions = new Map<string, string[]>();
  private istioDiscovered = false;
  private discovering = false;
  private disposed = false;
  private readonly statusSubscription;

  constructor(private readonly options: ClusterSessionOptions) {
    this.context = options.context;
    this.namespace = options.namespace;
    this.kc = options.kc;
    const onError = options.onError ?? (() => {});
    this.registry = new WatchCacheRegistry(
      (key: ResourceKey & Partial<WatchedType>) =>
        new WatchCache({
          transport: lazyTransport(() =>
            clientNodeTransport(options.kc, {
              apiVersion: apiVersionOf(key),
              kind: key.kind ?? key.resource,
              plural: key.resource,
              namespace: key.namespace,
            }),
          ),
          onError: (e) => onError(`${key.resource}: ${(e as Error).message ?? e}`, e),
        }),
    );
    this.discovery = discover(clientNodeGet(options.kc));
    this.writer = clientNodeWriter(options.kc, this.discovery);
    this.cluster = new LiveCluster({
      context: options.context,
      registry: this.registry,
      types: [...KUBERNETES_TYPES, CRDS],
      debounceMs: options.debounceMs,
    });
    // discovery failed while the cluster was unreachable: try again once it answers
    this.statusSubscription = this.cluster.onDidChangeStatus((s) => {
      if (s.state === 'connected' && !this.istioDiscovered) void this.discoverIstio();
    });
  }

  start(): void {
    this.cluster.start();
    void this.discoverIstio();
  }

  /** Watches each Istio kind at the first version (preferred first) that serves it. */
  async discoverIstio(): Promise<void> {
    if (this.discovering || this.istioDiscovered || this.disposed) return;
    this.discovering = true;
    try {
      const wanted = this.options.istioTypes ?? ISTIO_TYPES;
      const groups = await this.discovery.groups();
      for (const type of wanted) {
        const group = groups.find((g) => g.name === type.group);
        if (!group) continue;
        this.istioVersions.set(group.name, group.versions);
        const order = [group.preferredVersion, ...group.versions.filter((v) => v !== group.preferredVersion)];
        for (const version of order) {
          const served = await this.discovery.resolve(`${type.group}/${version}`, type.kind);
          if (!served || !served.verbs.includes('watch')) continue;
          if (this.disposed) return;
          this.cluster.add({ ...type, version, resource: served.plural });
          break;
        }
      }
      this.istioDiscovered = true;
    } catch (e) {
      this.options.onError?.(`discovery: ${(e as Error).message ?? e}`, e);
    } finally {
      this.discovering = false;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.statusSubscription.dispose();
    this.cluster.dispose();
    this.registry.dispose();
  }
}
