/**
 * `npm run bench:cluster`: the explorer model for 1,000 pods / 300 services (emulator seed `large`, in a
 * child process so this process holds only the client) built and kept live by our watch caches, then the
 * same churn observed by a naive peer that re-lists every type every 2 s. Prints a table with peer ÷
 * ours ratios and writes bench/results/cluster-latest.json. Timings are reported, never judged; the run
 * fails (exit 1) only on correctness: more than one watch per collection, a second consumer opening its
 * own watches, changes the live model never showed, or a live model that differs from the cluster.
 */
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resourceKey } from '../../client/src/explorer/model';
import { ChangeTracker } from './change-tracker';
import { runChurnPhase } from './churn-phase';
import { startChurnProcess, type ChurnProcess } from './churn-process';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
import { measureLiveClient } from './live-client';
import { NaivePoller, type Lister } from './naive-poller';
import { observedModel } from './observed-model';
import { waitFor } from './process-metrics';
import { printReport, ratio, spread, writeResult, type ClusterBenchResult } from './report';

const CHURN_MS = 20_000;
const CHURN_RATE = 50;
const POLL_MS = 2000;
const EXPECTED = { pods: 1000, services: 300 };

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cluster-'));
  let emulator: EmulatorProcess | undefined;
  const proxies: CountingProxy[] = [];
  let churn: ChurnProcess | undefined;
  const agent = new http.Agent({ keepAlive: true });
  try {
    emulator = await startEmulatorProcess(path.join(dir, 'emulator.kubeconfig'));
    const ours = await startCountingProxy(emulator.url);
    const theirs = await startCountingProxy(emulator.url);
    proxies.push(ours, theirs);
    const direct: Lister = { url: emulator.url, token: emulator.adminToken, agent };
    churn = await startChurnProcess({
      url: emulator.url,
      token: emulator.adminToken,
      ratePerSecond: CHURN_RATE,
      seed: 7,
    });
    const client = await measureLiveClient({
      emulator,
      proxy: ours,
      lister: direct,
      kubeconfigFile: path.join(dir, 'client.kubeconfig'),
      churn,
      churnMs: CHURN_MS,
      expected: EXPECTED,
    });

    // The peer, on the same cluster (the live client is disposed: its watches are closed).
    const tracker = new ChangeTracker();
    const kinds = new Map(client.types.map((t) => [t.kind, t]));
    let observing: ChangeTracker | undefined;
    const poller = new NaivePoller({
      url: theirs.url,
      token: emulator.adminToken,
      context: client.context,
      types: client.types,
      intervalMs: POLL_MS,
      onRefresh: (root, snapshot) =>
        observing?.observe(
          observedModel(root, (kind) => {
            const t = kinds.get(kind);
            return t ? (snapshot.objects.get(resourceKey(t.group, kind)) ?? []) : [];
          }),
        ),
    });
    poller.start();
    let peer;
    try {
      await waitFor('the first poll', () => poller.polls > 0, 30_000);
      observing = tracker;
      peer = await runChurnPhase({
        churn,
        tag: 'poll',
        tracker,
        emulator,
        proxy: theirs,
        durationMs: CHURN_MS,
        drainMs: POLL_MS * 2 + 1000,
      });
    } finally {
      await poller.stop();
    }

    const result: ClusterBenchResult = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      cluster: { ...client.shown, collections: client.types.length },
      startup: client.startup,
      watches: client.watches,
      live: client.live,
      memory: client.memory,
      modelEqualsCluster: client.modelEqualsCluster,
      peer: {
        ...peer,
        intervalMs: POLL_MS,
        polls: poller.polls,
        pollMs: spread(poller.pollMs),
        buildMs: spread(poller.buildMs),
      },
      ratios: {
        requestsPerMin: ratio(peer.requestsPerMin, client.live.requestsPerMin),
        bytesPerMin: ratio(peer.bytesPerMin, client.live.bytesPerMin),
        delayP50: ratio(peer.delayMs.p50, client.live.delayMs.p50),
        delayP95: ratio(peer.delayMs.p95, client.live.delayMs.p95),
        cpu: ratio(peer.cpuMs, client.live.cpuMs),
      },
      failures: client.failures,
    };
    printReport(result);
    console.log(`\nwritten to ${path.relative(process.cwd(), writeResult(result))}`);
    return result.failures.length ? 1 : 0;
  } finally {
    agent.destroy();
    await churn?.stop();
    for (const p of proxies) await p.stop();
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
