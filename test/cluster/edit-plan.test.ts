/** Unit tests of the pure edit workflow: editable YAML, checks of an edit, apply and delete outcomes. */
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import {
  applyEdit,
  deleteResource,
  editableManifest,
  manifestForDiff,
  planApply,
} from '../../client/src/cluster/edit-plan';
import type { ResourceRef, ResourceWriter } from '../../client/src/cluster/resource-writer';
import { TransportError, type KubeObject } from '../../client/src/cluster/transport';

const LIVE: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'reviews',
    namespace: 'bookinfo',
    uid: '1234',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z',
    selfLink: '/apis/x',
    labels: { app: 'reviews' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
  status: { observedGeneration: 3 },
};
const REF: ResourceRef = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
};

type Call = { op: 'get' | 'replace' | 'delete'; dryRun?: boolean; resourceVersion?: string };

/** A writer whose replace/delete fail as scripted (one entry per call; undefined = success). */
function fakeWriter(failures: (TransportError | undefined)[], current: KubeObject | Error = LIVE) {
  const calls: Call[] = [];
  const next = () => {
    const f = failures.shift();
    if (f) throw f;
  };
  const writer: ResourceWriter = {
    async get() {
      calls.push({ op: 'get' });
      if (current instanceof Error) throw current;
      return current;
    },
    async replace(obj, opts = {}) {
      calls.push({ op: 'replace', dryRun: opts.dryRun ?? false });
      next();
      return { ...obj, metadata: { ...obj.metadata, resourceVersion: '43' } };
    },
    async delete(_ref, opts = {}) {
      calls.push({ op: 'delete', resourceVersion: opts.resourceVersion });
      next();
    },
  };
  return { writer, calls };
}

const conflict = () =>
  new TransportError('Operation cannot be fulfilled: the object has been modified', {
    status: 409,
    reason: 'Conflict',
  });

describe('edit plan', () => {
  it('shows the live object without status and server-owned metadata, keeping resourceVersion', () => {
    const text = editableManifest(LIVE);
    assert.match(text, /^# VirtualService bookinfo\/reviews/);
    assert.match(text, /resourceVersion 42/);
    const shown = parse(text) as KubeObject;
    assert.deepEqual(shown, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '42', labels: { app: 'reviews' } },
      spec: LIVE.spec,
    });
    assert.deepEqual(Object.keys(shown.metadata), ['name', 'namespace', 'resourceVersion', 'labels']);
    assert.equal(manifestForDiff(LIVE), text.replace(/^(#.*\n)+/, ''));
    assert.ok(LIVE.status && LIVE.metadata.managedFields, 'the live object is not modified');
  });

  it('plans the unchanged manifest and an edit of the spec', () => {
    const plan = planApply(REF, editableManifest(LIVE).replace('- reviews', '- reviews.bookinfo'));
    assert.ok('ok' in plan, JSON.stringify(plan));
    assert.deepEqual(plan.ok.spec, { ...(LIVE.spec as object), hosts: ['reviews.bookinfo'] });
    assert.equal(plan.ok.metadata.resourceVersion, '42');
  });

  it('refuses YAML errors, several documents, changed identity and a removed resourceVersion', () => {
    const text = editableManifest(LIVE);
    const errors = (t: string) => {
      const plan = planApply(REF, t);
      assert.ok('errors' in plan, `expected errors for:\n${t}`);
      return plan.errors.join('\n');
    };
    assert.match(errors('metadata: [unclosed'), /./);
    assert.match(errors(`${text}---\n${text}`), /one YAML document, found 2/);
    assert.match(errors('# only a comment\n'), /empty/);
    assert.match(errors('- a\n- b\n'), /mapping/);
    assert.match(errors(text.replace('name: reviews', 'name: ratings')), /metadata\.name cannot change/);
    assert.match(errors(text.replace('namespace: bookinfo', 'namespace: other')), /metadata\.namespace/);
    assert.match(errors(text.replace('kind: VirtualService', 'kind: Gateway')), /kind cannot change/);
    assert.match(
      errors(text.replace('networking.istio.io/v1', 'networking.istio.io/v1beta1')),
      /apiVersion cannot change/,
    );
    assert.match(errors(text.replace(/ *resourceVersion: "42"\n/, '')), /resourceVersion was removed/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const n of ['b', 'c', 'd', 'e']) {
      const prev = bomb.at(-1)![0];
      bomb.push(`${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    assert.match(errors(bomb.join('\n')), /alias/i);
  });

  it('applies after a passing dry run', async () => {
    const { writer, calls } = fakeWriter([]);
    const outcome = await applyEdit(writer, LIVE);
    assert.equal(outcome.kind, 'applied');
    assert.deepEqual(calls, [
      { op: 'replace', dryRun: true },
      { op: 'replace', dryRun: false },
    ]);
  });

  it('stops at an invalid dry run with the causes', async () => {
    const causes = [{ reason: 'FieldValueInvalid', field: 'spec.hosts', message: 'Invalid value' }];
    const { writer, calls } = fakeWriter([
      new TransportError('VirtualService "reviews" is invalid', { status: 422, reason: 'Invalid', causes }),
    ]);
    assert.deepEqual(await applyEdit(writer, LIVE), {
      kind: 'invalid',
      message: 'VirtualService "reviews" is invalid',
      causes,
    });
    assert.equal(calls.length, 1);
  });

  it('reports a conflict with the fresh live object and never retries', async () => {
    const fresh = { ...LIVE, metadata: { ...LIVE.metadata, resourceVersion: '50' } };
    for (const failures of [[conflict()], [undefined, conflict()]]) {
      const replaces = failures.length;
      const { writer, calls } = fakeWriter(failures, fresh);
      const outcome = await applyEdit(writer, LIVE);
      assert.equal(outcome.kind, 'conflict');
      assert.equal(outcome.kind === 'conflict' && outcome.live, fresh);
      assert.deepEqual(calls.at(-1), { op: 'get' });
      assert.equal(calls.filter((c) => c.op === 'replace').length, replaces);
    }
    const gone = fakeWriter([conflict()], new TransportError('gone', { status: 404 }));
    assert.equal((await applyEdit(gone.writer, LIVE)).kind, 'notFound');
  });

  it('maps 403, 404 and other errors, and refuses an object without resourceVersion', async () => {
    const outcome = async (e: TransportError) => (await applyEdit(fakeWriter([e]).writer, LIVE)).kind;
    assert.equal(await outcome(new TransportError('no', { status: 403 })), 'forbidden');
    assert.equal(await outcome(new TransportError('gone', { status: 404 })), 'notFound');
    assert.equal(await outcome(new TransportError('refused', { code: 'ECONNREFUSED' })), 'error');
    const { writer, calls } = fakeWriter([]);
    const unconditional = { ...LIVE, metadata: { ...LIVE.metadata, resourceVersion: undefined } };
    assert.equal((await applyEdit(writer, unconditional)).kind, 'error');
    assert.equal(calls.length, 0);
  });

  it('deletes with the precondition and reports a conflict', async () => {
    const ok = fakeWriter([]);
    assert.deepEqual(await deleteResource(ok.writer, REF, '42'), { kind: 'deleted' });
    assert.deepEqual(ok.calls, [{ op: 'delete', resourceVersion: '42' }]);
    const stale = fakeWriter([conflict()]);
    const outcome = await deleteResource(stale.writer, REF, '41');
    assert.equal(outcome.kind, 'conflict');
    assert.equal(outcome.kind === 'conflict' && outcome.live, LIVE);
  });
});
