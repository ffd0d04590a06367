/**
 * Our side: a ClusterSession and the explorer's LiveTree exactly as the extension runs them, against the
 * emulator (through a counting proxy). Measures the startup to a complete tree, the model build alone,
 * the watch streams per collection (also with a second consumer of the same registry), the churn and
 * memory, and checks that the live model equals a fresh list of the cluster afterwards.
 */
import { writeFileSync } from 'node:fs';
import { ClusterSession } from '../../client/src/cluster/cluster-session';
import { loadKubeconfig } from '../../client/src/cluster/kubeconfig';
import { LiveCluster } from '../../client/src/cluster/live-cluster';
import type { WatchedType } from '../../client/src/cluster/resource-types';
import { explorerSnapshot, LiveTree } from '../../client/src/explorer/live-tree';
import { buildTree } from '../../client/src/explorer/model';
import { ChangeTracker } from './change-tracker';
import { runChurnPhase } from './churn-phase';
import type { ChurnProcess } from './churn-process';
import type { CountingProxy } from './counting-proxy';
import type { EmulatorProcess, EmulatorState } from './emulator-process';
import { listSnapshot, type Lister } from './naive-poller';
import { countNodes, firstDifference, observedModel } from './observed-model';
import { memoryAfterGc, sleep, waitFor } from './process-metrics';
import { spread, type ClusterBenchResult } from './report';

export interface LiveClientOptions {
  emulator: EmulatorProcess;
  proxy: CountingProxy;
  /** a direct lister for the final "model equals cluster" check */
  lister: Lister;
  kubeconfigFile: string;
  churn: ChurnProcess;
  churnMs: number;
  expected: { pods: number; services: number };
}

export type LiveClientFigures = Pick<
  ClusterBenchResult,
  'startup' | 'watches' | 'live' | 'memory' | 'modelEqualsCluster'
> & {
  /** what the complete tree showed */
  shown: { namespaces: number; pods: number; services: number };
  types: WatchedType[];
  context: string;
  failures: string[];
};

const BUILD_RUNS = 30;
/** discovery adds the Istio kinds one by one: once nothing was added for this long, it is done */
const QUIET_MS = 500;
const openTotal = (s: EmulatorState) => Object.values(s.traffic.openWatches).reduce((a, b) => a + b, 0);

/** When every watched type, the Istio kinds discovery found included, was first listed. */
async function allTypesSynced(session: ClusterSession): Promise<number> {
  let count = -1;
  let syncedAt: number | undefined;
  let changedAt = performance.now();
  await waitFor(
    'every type listed',
    () => {
      const now = performance.now();
      if (session.cluster.types.length !== count) {
        count = session.cluster.types.length;
        changedAt = now;
        syncedAt = undefined;
      }
      if (syncedAt === undefined && session.cluster.settled) syncedAt = now;
      return syncedAt !== undefined && session.istioVersions.size > 0 && now - changedAt >= QUIET_MS;
    },
    30_000,
  );
  return syncedAt!;
}

export async function measureLiveClient(o: LiveClientOptions): Promise<LiveClientFigures> {
  const failures: string[] = [];
  writeFileSync(o.kubeconfigFile, o.emulator.kubeconfig.replace(o.emulator.url, o.proxy.url));
  const loaded = await loadKubeconfig({ setting: o.kubeconfigFile });
  if (!loaded.ok) throw new Error(loaded.message);
  const baseline = await memoryAfterGc();
  await o.emulator.admin('reset-watch-peaks');

  const start = performance.now();
  const session = new ClusterSession({ kc: loaded.kc, context: loaded.context, namespace: loaded.namespace });
  let second: LiveCluster | undefined;
  try {
    const tree = new LiveTree(session.cluster);
    const byKind = () => new Map(session.cluster.types.map((t) => [t.kind, t]));
    let kinds = byKind();
    let completeMs: number | undefined;
    let counts = new Map<string, number>();
    const rebuildMs: number[] = [];
    const tracker = new ChangeTracker();
    let observing: ChangeTracker | undefined;
    tree.onDidRebuild(() => {
      // after each (throttled) rebuild: the tree reflects the caches' contents at that moment
      rebuildMs.push(tree.stats.lastBuildMs);
      const root = tree.root;
      if (completeMs === undefined) {
        counts = countNodes(root);
        if (
          (counts.get('pod') ?? 0) >= o.expected.pods &&
          (counts.get('service') ?? 0) >= o.expected.services
        )
          completeMs = performance.now() - start;
      }
      if (kinds.size !== session.cluster.types.length) kinds = byKind();
      observing?.observe(
        observedModel(root, (kind) => (kinds.has(kind) ? session.cluster.objects(kinds.get(kind)!) : [])),
      );
    });
    session.start();
    await waitFor('a complete tree', () => completeMs !== undefined, 30_000);
    const allTypesSyncedMs = (await allTypesSynced(session)) - start;

    const buildMs: number[] = [];
    const snapshot = explorerSnapshot(session.cluster);
    for (let i = 0; i < BUILD_RUNS; i++) {
      const t0 = performance.now();
      buildTree(snapshot);
      buildMs.push(performance.now() - t0);
    }
    const afterSync = await memoryAfterGc();

    // A second view over the same registry (as the analysis sync is): no new list, no new watch.
    const synced = await o.emulator.state();
    second = new LiveCluster({
      context: session.context,
      registry: session.registry,
      types: session.cluster.types,
    });
    second.start();
    await waitFor('second consumer settled', () => second!.settled, 5000);
    await sleep(300);
    const withSecond = await o.emulator.state();
    const delta = (k: string) => (withSecond.traffic.requests[k] ?? 0) - (synced.traffic.requests[k] ?? 0);
    const refCount = Math.min(...session.cluster.types.map((t) => session.registry.refCount(t)));

    const startBuilds = rebuildMs.length;
    observing = tracker;
    const live = await runChurnPhase({
      churn: o.churn,
      tag: 'live',
      tracker,
      emulator: o.emulator,
      proxy: o.proxy,
      durationMs: o.churnMs,
      drainMs: 3000,
    });
    observing = undefined;
    const churnRebuilds = rebuildMs.slice(startBuilds);
    const afterChurn = await memoryAfterGc();
    const peaks = (await o.emulator.state()).traffic.peakWatches;

    // The live model must equal the model of a fresh list of the cluster.
    await sleep(300);
    const fresh = buildTree(await listSnapshot(o.lister, session.context, session.cluster.types));
    const difference = firstDifference(fresh, tree.root);

    const maxPerCollection = Math.max(0, ...Object.values(peaks));
    if (maxPerCollection > 1) failures.push(`more than one watch on a collection: ${JSON.stringify(peaks)}`);
    if (Object.keys(peaks).length !== session.cluster.types.length)
      failures.push(
        `${Object.keys(peaks).length} collections watched for ${session.cluster.types.length} types`,
      );
    if (openTotal(withSecond) !== openTotal(synced) || delta('list') || delta('watch'))
      failures.push('the second consumer opened lists or watches of its own');
    if (refCount !== 2) failures.push(`registry lease count ${refCount}, expected 2`);
    if (difference) failures.push(`live model differs from the cluster at ${difference}`);
    if (live.unobserved) failures.push(`${live.unobserved} changes never reached the live model`);
    if (live.writeErrors) failures.push(`${live.writeErrors} churn writes failed`);

    return {
      shown: {
        namespaces: counts.get('namespace') ?? 0,
        pods: counts.get('pod') ?? 0,
        services: counts.get('service') ?? 0,
      },
      context: session.context,
      types: session.cluster.types,
      startup: {
        completeTreeMs: Math.round(completeMs!),
        allTypesSyncedMs: Math.round(allTypesSyncedMs),
        buildTreeMs: spread(buildMs),
      },
      watches: {
        peakPerCollection: peaks,
        maxPerCollection,
        openAfterSync: openTotal(synced),
        secondConsumer: {
          openWatches: openTotal(withSecond),
          newLists: delta('list'),
          newWatches: delta('watch'),
          refCount,
        },
      },
      live: {
        ...live,
        rebuilds: churnRebuilds.length,
        rebuildMs: spread(churnRebuilds),
        rebuildTotalMs: Math.round(churnRebuilds.reduce((a, b) => a + b, 0)),
      },
      memory: { baseline, afterSync, afterChurn },
      modelEqualsCluster: { equal: !difference, ...(difference ? { firstDifference: difference } : {}) },
      failures,
    };
  } finally {
    second?.dispose();
    session.dispose();
  }
}
