/**
 * Discovery and safe mutations over the real @kubernetes/client-node writer, against the API emulator:
 * the editable manifest round trip, dry run, apply, a stale resourceVersion (409, nothing overwritten),
 * 422 with causes, 403, and delete with a precondition.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientNode } from '../../client/src/cluster/client-node-request';
import { clientNodeGet, clientNodeWriter } from '../../client/src/cluster/client-node-writer';
import { discover, type Discovery } from '../../client/src/cluster/discovery';
import { applyEdit, deleteResource, editableManifest, planApply } from '../../client/src/cluster/edit-plan';
import { refOf, type ResourceRef, type ResourceWriter } from '../../client/src/cluster/resource-writer';
import { TransportError, type KubeObject } from '../../client/src/cluster/transport';
import { findType, startEmulator, type Emulator } from '../emulator';

const VS = findType('networking.istio.io', 'v1', 'virtualservices')!;
const NS = 'bookinfo';
const ref = (name: string): ResourceRef => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  namespace: NS,
  name,
});

describe('discovery and mutations over @kubernetes/client-node', function () {
  this.timeout(15_000);
  let emu: Emulator;
  let dir: string;
  let discovery: Discovery;
  let writer: ResourceWriter;

  async function writerFor(token: string): Promise<ResourceWriter> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig(join(dir, `kubeconfig-${token}`), { token }));
    return clientNodeWriter(kc);
  }

  /** What the emulator stores, without going through the code under test. */
  const stored = (name: string) =>
    emu.store.get(VS, NS, name) as KubeObject & { spec: Record<string, unknown> };

  /** Someone else's change: a merge patch straight over HTTP. */
  async function patchBySomeoneElse(name: string, patch: unknown): Promise<void> {
    const res = await fetch(
      `${emu.url}/apis/networking.istio.io/v1/namespaces/${NS}/virtualservices/${name}`,
      {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${emu.adminToken}`,
          'content-type': 'application/merge-patch+json',
        },
        body: JSON.stringify(patch),
      },
    );
    assert.equal(res.status, 200, await res.text());
  }

  /** The live object as a user would edit it, with `change` applied to the planned object. */
  async function edited(name: string, change: (o: KubeObject) => void): Promise<KubeObject> {
    const live = await writer.get(ref(name));
    const plan = planApply(refOf(live), editableManifest(live));
    assert.ok('ok' in plan, JSON.stringify(plan));
    change(plan.ok);
    return plan.ok;
  }

  before(async function () {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 19)) this.skip(); // client-node 2.x needs Node >= 22.19
    emu = await startEmulator({
      seed: 'bookinfo',
      anonymous: 'deny',
      tokens: { 'read-only': [{ verbs: ['get', 'list', 'watch'], resources: ['*'] }] },
    });
    dir = mkdtempSync(join(tmpdir(), 'mutations-'));
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(emu.kubeconfig(join(dir, 'kubeconfig')));
    discovery = discover(clientNodeGet(kc));
    writer = clientNodeWriter(kc, discovery);
  });
  after(async () => {
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('discovers the served Istio versions, plurals and scopes', async () => {
    const net = await discovery.group('networking.istio.io');
    assert.deepEqual(net?.versions, ['v1', 'v1beta1', 'v1alpha3']);
    assert.equal(net?.preferredVersion, 'v1');
    const vs = await discovery.resolve('networking.istio.io/v1beta1', 'VirtualService');
    assert.equal(vs?.plural, 'virtualservices');
    assert.equal(vs?.namespaced, true);
    assert.ok(vs?.verbs.includes('update'));
    assert.equal((await discovery.resolve('v1', 'Namespace'))?.namespaced, false);
    assert.equal(await discovery.resolve('networking.istio.io/v1', 'EnvoyFilter'), undefined);
    assert.equal(
      (await discovery.resolve('networking.istio.io/v1alpha3', 'EnvoyFilter'))?.plural,
      'envoyfilters',
    );
    assert.equal((await discovery.groups())[0]?.name, '');
    assert.deepEqual(await discovery.resources('example.com/v1'), []);
  });

  it('round-trips the editable manifest of a live object', async () => {
    const live = await writer.get(ref('reviews'));
    const text = editableManifest(live);
    assert.doesNotMatch(text, /uid:|creationTimestamp:|generation:|managedFields:/);
    assert.match(text, new RegExp(`resourceVersion: "${live.metadata.resourceVersion}"`));
    const plan = planApply(refOf(live), text);
    assert.ok('ok' in plan, JSON.stringify(plan));
    assert.deepEqual(plan.ok.spec, live.spec);
    assert.deepEqual(await applyEdit(writer, plan.ok).then((o) => o.kind), 'applied');
  });

  it('leaves the object untouched on a dry run', async () => {
    const before = structuredClone(stored('reviews'));
    const obj = await edited('reviews', (o) => ((o.spec as { hosts: string[] }).hosts = ['dry.example.com']));
    const answer = await writer.replace(obj, { dryRun: true });
    assert.deepEqual((answer.spec as { hosts: string[] }).hosts, ['dry.example.com']);
    assert.deepEqual(stored('reviews'), before);
  });

  it('applies an edit with the current resourceVersion and bumps the generation', async () => {
    const before = stored('reviews');
    const obj = await edited(
      'reviews',
      (o) => ((o.spec as { hosts: string[] }).hosts = ['reviews.bookinfo']),
    );
    const outcome = await applyEdit(writer, obj);
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.deepEqual(stored('reviews').spec.hosts, ['reviews.bookinfo']);
    assert.equal(stored('reviews').metadata.generation, (before.metadata.generation as number) + 1);
    assert.notEqual(stored('reviews').metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('reports a conflict and overwrites nothing when someone changed the object meanwhile', async () => {
    const obj = await edited(
      'reviews',
      (o) => ((o.spec as { hosts: string[] }).hosts = ['mine.example.com']),
    );
    await patchBySomeoneElse('reviews', { spec: { hosts: ['theirs.example.com'] } });
    const theirs = structuredClone(stored('reviews'));
    const outcome = await applyEdit(writer, obj);
    assert.equal(outcome.kind, 'conflict', JSON.stringify(outcome));
    if (outcome.kind !== 'conflict') return;
    assert.match(outcome.message, /has been modified/);
    assert.equal(outcome.live.metadata.resourceVersion, theirs.metadata.resourceVersion);
    assert.deepEqual(stored('reviews'), theirs);
    assert.deepEqual(stored('reviews').spec.hosts, ['theirs.example.com']);
  });

  it('reports the server validation (422) with its causes', async () => {
    const before = structuredClone(stored('reviews'));
    const obj = await edited('reviews', (o) => (o.metadata.labels = { app: 'not valid!' }));
    const outcome = await applyEdit(writer, obj);
    assert.equal(outcome.kind, 'invalid', JSON.stringify(outcome));
    if (outcome.kind !== 'invalid') return;
    assert.match(
      outcome.message,
      /VirtualService\.networking\.istio\.io "reviews" is invalid: metadata\.labels/,
    );
    assert.equal(outcome.causes[0]?.field, 'metadata.labels');
    assert.equal(outcome.causes[0]?.reason, 'FieldValueInvalid');
    assert.deepEqual(stored('reviews'), before);
  });

  it('gets 422 for a replace of a custom resource without resourceVersion', async () => {
    const live = await writer.get(ref('reviews'));
    delete live.metadata.resourceVersion;
    await assert.rejects(writer.replace(live, { dryRun: true }), (e: unknown) => {
      assert.ok(e instanceof TransportError);
      assert.equal(e.status, 422);
      assert.equal(e.reason, 'Invalid');
      assert.match(
        e.message,
        /metadata\.resourceVersion: Invalid value: 0x0: must be specified for an update/,
      );
      assert.deepEqual(
        e.causes.map((c) => c.field),
        ['metadata.resourceVersion'],
      );
      return true;
    });
  });

  it('reports forbidden for a token without update rights', async () => {
    const before = structuredClone(stored('reviews'));
    const readOnly = await writerFor('read-only');
    const live = await readOnly.get(ref('reviews'));
    const outcome = await applyEdit(readOnly, live);
    assert.equal(outcome.kind, 'forbidden', JSON.stringify(outcome));
    assert.match((outcome as { message: string }).message, /cannot update resource "virtualservices"/);
    assert.equal((await deleteResource(readOnly, ref('reviews'))).kind, 'forbidden');
    assert.deepEqual(stored('reviews'), before);
  });

  it('reports notFound and a 404 TransportError with the server message', async () => {
    await assert.rejects(writer.get(ref('nope')), (e: unknown) => {
      assert.ok(e instanceof TransportError);
      assert.equal(e.status, 404);
      assert.equal(e.reason, 'NotFound');
      assert.equal(e.message, 'virtualservices.networking.istio.io "nope" not found');
      return true;
    });
    const obj = await edited('reviews', () => undefined);
    obj.metadata.name = 'nope';
    assert.equal((await applyEdit(writer, obj)).kind, 'notFound');
  });

  it('deletes only with the current resourceVersion as precondition', async () => {
    const stale = stored('bookinfo').metadata.resourceVersion;
    await patchBySomeoneElse('bookinfo', { metadata: { labels: { touched: 'yes' } } });
    const conflict = await deleteResource(writer, ref('bookinfo'), stale);
    assert.equal(conflict.kind, 'conflict', JSON.stringify(conflict));
    if (conflict.kind !== 'conflict') return;
    assert.match(conflict.message, /Precondition failed: ResourceVersion in precondition/);
    assert.ok(emu.store.find(VS, NS, 'bookinfo'), 'still there');

    await writer.delete(ref('bookinfo'), {
      resourceVersion: conflict.live.metadata.resourceVersion,
      dryRun: true,
    });
    assert.ok(emu.store.find(VS, NS, 'bookinfo'), 'a dry-run delete keeps it');

    const outcome = await deleteResource(writer, ref('bookinfo'), conflict.live.metadata.resourceVersion);
    assert.deepEqual(outcome, { kind: 'deleted' });
    assert.equal(emu.store.find(VS, NS, 'bookinfo'), undefined);
    assert.equal((await deleteResource(writer, ref('bookinfo'))).kind, 'notFound');
  });

  it('refuses a kind the server does not serve without sending anything', async () => {
    await assert.rejects(
      writer.get({ apiVersion: 'example.com/v1', kind: 'Widget', namespace: NS, name: 'w' }),
      (e: unknown) => e instanceof TransportError && e.status === 404 && /does not serve/.test(e.message),
    );
  });
});
