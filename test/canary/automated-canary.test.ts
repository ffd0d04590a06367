/**
 * The automated canary end to end, as the extension runs it: gates evaluated by a real Prometheus over
 * simulated Istio metrics (backfilled, exact), steps written to the API emulator through the
 * client-node writer. The run's clock is the data's: check i is evaluated at start + warm-up + i×1 min.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAutomated, type AutoRunResult } from '../../client/src/canary/auto-run';
import { applyStep } from '../../client/src/canary/cluster-step';
import { destinationKey, detectCanaries } from '../../client/src/canary/detect';
import { checkGates, type InstantQuery } from '../../client/src/canary/gates';
import { HISTORY_ANNOTATION, parseHistory } from '../../client/src/canary/history';
import { gateTarget } from '../../client/src/canary/target';
import { loadClientNode } from '../../client/src/cluster/client-node-request';
import { clientNodeWriter } from '../../client/src/cluster/client-node-writer';
import type { ResourceRef, ResourceWriter } from '../../client/src/cluster/resource-writer';
import type { KubeObject } from '../../client/src/cluster/transport';
import { createPrometheusClient, directTransport } from '../../client/src/graph/prometheus-client';
import { findType, startEmulator, type Emulator, type KObject } from '../emulator';
import { prometheusMissing, startPrometheus, type PrometheusProcess } from '../telemetry/prometheus-harness';
import { bookinfoTopology } from '../telemetry/simulator';
import { writePhasedOpenMetrics } from './phased-metrics';

const VS = findType('networking.istio.io', 'v1', 'virtualservices')!;
const REF: ResourceRef = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
};
const MINUTE = 60_000;
const WARM_UP_MIN = 5;
const THRESHOLDS = { minSuccessRate: 99, maxP99Ms: 500, minRequests: 20, window: '1m' };

const healthy = bookinfoTopology({
  workloads: { 'reviews-v3': { errorRatio: 0, latency: { medianMs: 40, p99Ms: 300 } } },
});
const failing = bookinfoTopology({
  workloads: { 'reviews-v3': { errorRatio: 0.2, latency: { medianMs: 40, p99Ms: 300 } } },
});
const idle = bookinfoTopology({ reviews: { v1: 1, v2: 0, v3: 0 } });

type Route = { destination: { subset?: string }; weight?: number };
const weights = (o: unknown) =>
  ((o as { spec: { http: { route: Route[] }[] } }).spec.http[0]!.route ?? [])
    .map((r) => `${r.destination.subset}=${r.weight ?? 0}`)
    .join(',');

describe('automated canary: emulator + real Prometheus + simulated traffic', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let dir: string;
  let writer: ResourceWriter;
  const proms: PrometheusProcess[] = [];
  const start = Math.floor((Date.now() - 60 * MINUTE) / 1000) * 1000; // data lies in the past

  before(async function () {
    const missing = prometheusMissing();
    if (missing) {
      console.log(`    skipped: ${missing}`);
      return this.skip();
    }
    emu = await startEmulator({ seed: 'bookinfo', anonymous: 'deny' });
    dir = mkdtempSync(join(tmpdir(), 'canary-auto-'));
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig(join(dir, 'kubeconfig')));
    writer = clientNodeWriter(kc);
  });
  after(async () => {
    for (const p of proms) await p.dispose();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Resets reviews to the seed's 90/10 without history. */
  function resetReviews(): void {
    const vs = structuredClone(emu.store.get(VS, 'bookinfo', 'reviews')) as KObject & {
      spec: { http: { route: Route[] }[] };
    };
    vs.spec.http[0]!.route[0]!.weight = 90;
    vs.spec.http[0]!.route[1]!.weight = 10;
    delete (vs.metadata.annotations as Record<string, string> | undefined)?.[HISTORY_ANNOTATION];
    delete vs.metadata.resourceVersion;
    emu.store.update(VS, 'bookinfo', 'reviews', vs);
  }

  async function prometheusWith(
    phases: Parameters<typeof writePhasedOpenMetrics>[0],
  ): Promise<InstantQuery & { at: (min: number) => void }> {
    const file = join(dir, `data-${proms.length}.om`);
    await writePhasedOpenMetrics(phases, { startMs: start, durationS: 20 * 60, stepS: 5 }, file);
    const prom = await startPrometheus({ openMetrics: file });
    proms.push(prom);
    const client = createPrometheusClient({ target: prom.url, transport: directTransport(prom.url) });
    let time = start;
    const query = (async (promql: string, signal?: AbortSignal) => {
      const samples = await client.query(promql, { time, signal });
      const values = samples.map((s) => s.value).filter(Number.isFinite);
      return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
    }) as InstantQuery & { at: (min: number) => void };
    query.at = (min) => (time = start + min * MINUTE);
    return query;
  }

  /** Runs the automation as the extension does, check i at minute WARM_UP + i. */
  async function run(
    query: Awaited<ReturnType<typeof prometheusWith>>,
    opts: { maxFailures?: number; abortAfterSteps?: number; writerOverride?: ResourceWriter } = {},
  ): Promise<AutoRunResult> {
    const live = await writer.get(REF);
    const canary = detectCanaries(live)[0]!;
    const objects = {
      services: emu.store.list(findType('', 'v1', 'services')!) as KubeObject[],
      destinationRules: emu.store.list(
        findType('networking.istio.io', 'v1', 'destinationrules')!,
      ) as KubeObject[],
      workloads: emu.store.list(findType('apps', 'v1', 'deployments')!) as KubeObject[],
    };
    const target = gateTarget(canary.canary, 'bookinfo', objects);
    assert.deepEqual(target.workloads, ['reviews-v3']);
    const abort = new AbortController();
    let check = 0;
    let steps = 0;
    return runAutomated(
      {
        steps: [10, 25, 50, 100],
        startWeight: canary.canaryWeight,
        intervalMs: MINUTE,
        maxFailures: opts.maxFailures ?? 2,
        maxInconclusive: 3,
      },
      {
        check: (signal) => checkGates(query, target, THRESHOLDS, signal),
        step: async (to, action, gates) => {
          const outcome = await applyStep(opts.writerOverride ?? writer, {
            ref: REF,
            canaryKey: destinationKey(canary.canary),
            to,
            entry: {
              action,
              time: new Date(start + (WARM_UP_MIN + check) * MINUTE).toISOString(),
              by: 'test@emulator',
              gates,
              run: 'r1',
            },
          });
          if (++steps === opts.abortAfterSteps) abort.abort();
          return outcome;
        },
        sleep: async (_ms, signal) => {
          if (signal.aborted) throw new Error('cancelled');
          query.at(WARM_UP_MIN + ++check);
        },
      },
      () => {},
      abort.signal,
    );
  }

  const history = () =>
    parseHistory(
      (emu.store.get(VS, 'bookinfo', 'reviews').metadata.annotations as Record<string, string> | undefined)?.[
        HISTORY_ANNOTATION
      ],
    );

  it('a healthy canary is promoted step by step to 100%, each step explained', async () => {
    resetReviews();
    const query = await prometheusWith([{ topology: healthy, untilS: Infinity }]);
    const result = await run(query);
    assert.equal(result.kind, 'promoted', JSON.stringify(result));
    assert.equal(weights(emu.store.get(VS, 'bookinfo', 'reviews')), 'v1=0,v3=100');
    assert.deepEqual(
      history().map((h) => `${h.action} ${h.from}→${h.to}`),
      ['auto-promote 10→25', 'auto-promote 25→50', 'auto-promote 50→100'],
    );
    assert.match(history()[0]!.gates!, /success 100% ≥ 99% · p99 \d+ ms ≤ 500 ms · [\d,]+ requests/);
  });

  it("rolls back when the canary's error rate rises mid-run", async () => {
    resetReviews();
    // healthy until minute 7, then 20% errors: checks at 6 and 7 pass, 8 and 9 fail → rollback
    const query = await prometheusWith([
      { topology: healthy, untilS: (WARM_UP_MIN + 2) * 60 },
      { topology: failing, untilS: Infinity },
    ]);
    const result = await run(query);
    assert.equal(result.kind, 'rolled-back', JSON.stringify(result.decisions.map((d) => d.text)));
    assert.deepEqual(
      result.decisions.map((d) => d.action),
      ['promote', 'promote', 'hold', 'rollback'],
    );
    assert.match(result.decisions[2]!.text, /success 80(\.\d)?% < 99%/);
    assert.equal(weights(emu.store.get(VS, 'bookinfo', 'reviews')), 'v1=100,v3=0');
  });

  it('no traffic to the canary is inconclusive: never promoted, stopped unchanged', async () => {
    resetReviews();
    const query = await prometheusWith([{ topology: idle, untilS: Infinity }]);
    const result = await run(query);
    assert.equal(result.kind, 'stopped');
    assert.ok(result.decisions.every((d) => d.gate.status === 'inconclusive'));
    assert.equal(weights(emu.store.get(VS, 'bookinfo', 'reviews')), 'v1=90,v3=10');
    assert.deepEqual(history(), []);
  });

  it('a concurrent edit during a step is a conflict: the run stops, nothing is overwritten', async () => {
    resetReviews();
    const query = await prometheusWith([{ topology: healthy, untilS: Infinity }]);
    const racing: ResourceWriter = {
      get: async (ref) => {
        const live = await writer.get(ref);
        const theirs = structuredClone(emu.store.get(VS, 'bookinfo', 'reviews'));
        theirs.metadata.labels = { ...(theirs.metadata.labels ?? {}), edited: 'by-someone-else' };
        emu.store.update(VS, 'bookinfo', 'reviews', theirs);
        return live;
      },
      replace: (o, x) => writer.replace(o, x),
      delete: (r, x) => writer.delete(r, x),
    };
    const result = await run(query, { writerOverride: racing });
    assert.equal(result.kind, 'conflict');
    const stored = emu.store.get(VS, 'bookinfo', 'reviews');
    assert.equal(weights(stored), 'v1=90,v3=10');
    assert.equal((stored.metadata.labels as Record<string, string>).edited, 'by-someone-else');
  });

  it('after a restart mid-run the state is read back from the annotation and the run resumes', async () => {
    resetReviews();
    const query = await prometheusWith([{ topology: healthy, untilS: Infinity }]);
    const first = await run(query, { abortAfterSteps: 1 });
    assert.equal(first.kind, 'cancelled');
    // "VS Code restarted": nothing in memory, only the cluster
    const fresh = await writer.get(REF);
    const [canary] = detectCanaries(fresh);
    assert.equal(canary!.canaryWeight, 25);
    const last = history().at(-1)!;
    assert.deepEqual(
      { run: last.run, to: last.to, canary: last.canary },
      { run: 'r1', to: 25, canary: 'reviews/v3' },
    );
    const second = await run(query);
    assert.equal(second.kind, 'promoted');
    assert.deepEqual(
      history().map((h) => h.to),
      [25, 50, 100],
    );
  });
});
