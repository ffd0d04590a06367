/**
 * Canary steps on the cluster over the real client-node writer, against the API emulator's bookinfo
 * `reviews` VirtualService (v1 90% / v3 10%): a step moves the weights and records history; a change
 * made by someone else in between is a conflict and nothing is overwritten; the state survives a
 * restart (read back from the annotation).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, findCanary, type StepRequest } from '../../client/src/canary/cluster-step';
import { destinationKey, detectCanaries } from '../../client/src/canary/detect';
import { HISTORY_ANNOTATION, parseHistory } from '../../client/src/canary/history';
import { loadClientNode } from '../../client/src/cluster/client-node-request';
import { clientNodeWriter } from '../../client/src/cluster/client-node-writer';
import type { ResourceRef, ResourceWriter } from '../../client/src/cluster/resource-writer';
import type { KubeObject } from '../../client/src/cluster/transport';
import { findType, startEmulator, type Emulator, type KObject } from '../emulator';

const VS = findType('networking.istio.io', 'v1', 'virtualservices')!;
const REF: ResourceRef = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
};

type Route = { destination: { subset?: string }; weight?: number };
const weights = (o: unknown): string =>
  ((o as { spec: { http: { route: Route[] }[] } }).spec.http[0]!.route ?? [])
    .map((r) => `${r.destination.subset}=${r.weight ?? 0}`)
    .join(',');

describe('canary steps on the cluster (client-node writer, API emulator)', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let dir: string;
  let writer: ResourceWriter;
  const stored = () => emu.store.get(VS, 'bookinfo', 'reviews') as KubeObject;
  const step = (to: number, extra: Partial<StepRequest> = {}): StepRequest => ({
    ref: REF,
    canaryKey: 'reviews/v3',
    to,
    entry: { action: 'promote', time: new Date().toISOString(), by: 'tester@emulator' },
    ...extra,
  });

  before(async function () {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 19)) this.skip(); // client-node 2.x needs Node >= 22.19
    emu = await startEmulator({ seed: 'bookinfo', anonymous: 'deny' });
    dir = mkdtempSync(join(tmpdir(), 'canary-cluster-'));
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig(join(dir, 'kubeconfig')));
    writer = clientNodeWriter(kc);
  });
  after(async () => {
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('promotes one step: weights move, history records who, when and from/to', async () => {
    assert.equal(weights(stored()), 'v1=90,v3=10');
    const outcome = await applyStep(writer, step(25));
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.equal(weights(stored()), 'v1=75,v3=25');
    const history = parseHistory(
      stored().metadata.annotations &&
        (stored().metadata.annotations as Record<string, string>)[HISTORY_ANNOTATION],
    );
    assert.equal(history.length, 1);
    assert.deepEqual(
      {
        canary: history[0]!.canary,
        stable: history[0]!.stable,
        from: history[0]!.from,
        to: history[0]!.to,
        by: history[0]!.by,
      },
      { canary: 'reviews/v3', stable: 'reviews/v1', from: 10, to: 25, by: 'tester@emulator' },
    );
  });

  it('a change since the user looked is a conflict: nothing is overwritten', async () => {
    const seen = await writer.get(REF);
    // someone else edits the VirtualService (a label) after the user saw it
    const theirs = structuredClone(stored());
    theirs.metadata.labels = { ...(theirs.metadata.labels as object), team: 'checkout' };
    emu.store.update(VS, 'bookinfo', 'reviews', theirs as KObject);
    const before = structuredClone(stored());
    const outcome = await applyStep(
      writer,
      step(50, { expectedResourceVersion: seen.metadata.resourceVersion }),
    );
    assert.equal(outcome.kind, 'conflict');
    assert.deepEqual(stored(), before, 'live object untouched');
  });

  it('a change racing the write itself is refused by the server (409), not overwritten', async () => {
    // the writer reads, then someone else writes, then our replace arrives with the old resourceVersion
    const racing: ResourceWriter = {
      get: async (ref) => {
        const live = await writer.get(ref);
        const theirs = structuredClone(stored());
        theirs.metadata.annotations = { ...(theirs.metadata.annotations as object), touched: 'yes' };
        emu.store.update(VS, 'bookinfo', 'reviews', theirs as KObject);
        return live;
      },
      replace: (obj, opts) => writer.replace(obj, opts),
      delete: (ref, opts) => writer.delete(ref, opts),
    };
    const before = weights(stored());
    const outcome = await applyStep(racing, step(50));
    assert.equal(outcome.kind, 'conflict');
    assert.equal(weights(stored()), before);
    assert.equal(
      (stored().metadata.annotations as Record<string, string>).touched,
      'yes',
      'their change kept',
    );
  });

  it('after full promotion a fresh reader (VS Code restarted) still knows the canary and can roll back', async () => {
    assert.equal(
      (await applyStep(writer, step(100, { entry: { action: 'promote-full', time: 't', by: 'me' } }))).kind,
      'applied',
    );
    assert.equal(weights(stored()), 'v1=0,v3=100');
    const fresh = await writer.get(REF);
    const [c] = detectCanaries(fresh);
    assert.equal(destinationKey(c!.canary), 'reviews/v3');
    assert.equal(c!.canaryWeight, 100);
    assert.ok(findCanary(fresh, 'reviews/v3'));
    const back = await applyStep(writer, step(0, { entry: { action: 'rollback', time: 't', by: 'me' } }));
    assert.equal(back.kind, 'applied');
    assert.equal(weights(stored()), 'v1=100,v3=0');
    assert.equal(
      parseHistory((stored().metadata.annotations as Record<string, string>)[HISTORY_ANNOTATION]).length,
      3,
    );
  });
});
