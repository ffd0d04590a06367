import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of many shapes
type Json = any;

interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

describe('Kubernetes API emulator (HTTP)', function () {
  this.timeout(10_000);
  let emu: Emulator;
  let upstream: http.Server;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await fetch(emu.url + path, {
      method,
      headers: {
        Authorization: `Bearer ${emu.adminToken}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Read NDJSON watch events until `until` says stop (or timeout); aborts the request. */
  async function watch(
    path: string,
    until: (events: Json[]) => boolean,
    during?: () => Promise<void>,
    timeoutMs = 4000,
  ): Promise<Json[]> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    const events: Json[] = [];
    try {
      const res = await fetch(emu.url + path, {
        headers: { Authorization: `Bearer ${emu.adminToken}` },
        signal: ac.signal,
      });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      const pending = during?.();
      let buf = '';
      while (!until(events)) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += Buffer.from(value).toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
      }
      await pending;
      ac.abort();
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    } finally {
      clearTimeout(timer);
    }
    return events;
  }

  async function readText(path: string, until: (text: string) => boolean, timeoutMs = 4000): Promise<string> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    let text = '';
    try {
      const res = await fetch(emu.url + path, {
        headers: { Authorization: `Bearer ${emu.adminToken}` },
        signal: ac.signal,
      });
      const reader = res.body!.getReader();
      while (!until(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      ac.abort();
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
    } finally {
      clearTimeout(timer);
    }
    return text;
  }

  before(async () => {
    upstream = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization ?? null }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    emu = await startEmulator({
      seed: 'bookinfo',
      bookmarkIntervalMs: 200,
      logIntervalMs: 50,
      anonymous: 'deny',
      tokens: {
        reader: [{ verbs: ['get', 'list', 'watch'], resources: ['pods'], namespaces: ['bookinfo'] }],
      },
      proxies: {
        'bookinfo/productpage:9080': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      },
    });
  });

  after(async () => {
    await emu?.stop();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  afterEach(() => emu.faults.reset());

  describe('discovery and OpenAPI', () => {
    it('serves /version, /api, /apis and resource lists with short names', async () => {
      assert.equal((await call('GET', '/version')).body.major, '1');
      assert.deepEqual((await call('GET', '/api')).body.versions, ['v1']);
      const apis = (await call('GET', '/apis')).body;
      const net = apis.groups.find((g: { name: string }) => g.name === 'networking.istio.io');
      assert.equal(net.preferredVersion.version, 'v1');
      assert.deepEqual(
        net.versions.map((v: { version: string }) => v.version),
        ['v1', 'v1beta1', 'v1alpha3'],
      );
      const core = (await call('GET', '/api/v1')).body;
      const pods = core.resources.find((r: { name: string }) => r.name === 'pods');
      assert.deepEqual(pods.shortNames, ['po']);
      assert.ok(pods.verbs.includes('watch'));
      const vs = (await call('GET', '/apis/networking.istio.io/v1beta1')).body.resources[0];
      assert.equal(vs.kind, 'VirtualService');
      assert.deepEqual(vs.shortNames, ['vs']);
    });

    it('serves the OpenAPI v3 index and group documents; v2 is 404', async () => {
      const index = (await call('GET', '/openapi/v3')).body;
      const url = index.paths['apis/networking.istio.io/v1'].serverRelativeURL;
      const doc = (await call('GET', url)).body;
      const schema = doc.components.schemas['io.istio.networking.v1.VirtualService'];
      assert.deepEqual(schema['x-kubernetes-group-version-kind'], [
        { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' },
      ]);
      const patch =
        doc.paths['/apis/networking.istio.io/v1/namespaces/{namespace}/virtualservices/{name}'].patch;
      assert.ok(patch.parameters.some((p: { name: string }) => p.name === 'fieldValidation'));
      assert.equal((await call('GET', '/openapi/v2')).status, 404);
    });

    it('seeds Istio CRDs listing the served versions', async () => {
      const crd = (
        await call(
          'GET',
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/virtualservices.networking.istio.io',
        )
      ).body;
      assert.deepEqual(
        crd.spec.versions.map((v: { name: string }) => v.name),
        ['v1', 'v1beta1', 'v1alpha3'],
      );
    });
  });

  describe('list', () => {
    it('lists namespaced and across namespaces with resourceVersion', async () => {
      const pods = (await call('GET', '/api/v1/namespaces/bookinfo/pods')).body;
      assert.equal(pods.kind, 'PodList');
      assert.equal(pods.items.length, 6);
      assert.match(pods.metadata.resourceVersion, /^\d+$/);
      const all = (await call('GET', '/api/v1/pods')).body;
      assert.equal(all.items.length, 9);
      const deploys = (await call('GET', '/apis/apps/v1/deployments')).body;
      assert.equal(deploys.items.length, 9);
    });

    it('filters by label selectors (=, !=, in, notin, exists, !exists)', async () => {
      const names = async (sel: string) =>
        (
          await call('GET', `/api/v1/namespaces/bookinfo/pods?labelSelector=${encodeURIComponent(sel)}`)
        ).body.items
          .map(
            (p: { metadata: { labels: Record<string, string> } }) =>
              `${p.metadata.labels.app}-${p.metadata.labels.version}`,
          )
          .sort();
      assert.deepEqual(await names('app=reviews'), ['reviews-v1', 'reviews-v2', 'reviews-v3']);
      assert.deepEqual(await names('app=reviews,version!=v1'), ['reviews-v2', 'reviews-v3']);
      assert.deepEqual(await names('version in (v2,v3)'), ['reviews-v2', 'reviews-v3']);
      assert.equal((await names('app notin (reviews,ratings)')).length, 2);
      assert.equal((await names('version')).length, 6);
      assert.equal((await names('!version')).length, 0);
      assert.equal(
        (await call('GET', '/api/v1/pods?labelSelector=' + encodeURIComponent('a in b'))).status,
        400,
      );
    });

    it('filters by field selectors', async () => {
      const byName = (
        await call('GET', '/api/v1/namespaces/bookinfo/services?fieldSelector=metadata.name%3Dreviews')
      ).body;
      assert.deepEqual(
        byName.items.map((s: { metadata: { name: string } }) => s.metadata.name),
        ['reviews'],
      );
      const ns = (await call('GET', '/api/v1/pods?fieldSelector=metadata.namespace%3Distio-system')).body;
      assert.equal(ns.items.length, 3);
      const running = (await call('GET', '/api/v1/pods?fieldSelector=status.phase%3DRunning')).body;
      assert.equal(running.items.length, 9);
      assert.equal((await call('GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx')).status, 400);
    });

    it('pages with limit and continue', async () => {
      const seen: string[] = [];
      let cont = '';
      let pages = 0;
      do {
        const page = (
          await call('GET', `/api/v1/pods?limit=4${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)
        ).body;
        seen.push(...page.items.map((p: { metadata: { name: string } }) => p.metadata.name));
        cont = page.metadata.continue ?? '';
        if (cont) assert.ok(page.metadata.remainingItemCount > 0);
        pages++;
      } while (cont);
      assert.equal(pages, 3);
      assert.equal(new Set(seen).size, 9);
      assert.equal((await call('GET', '/api/v1/pods?limit=2&continue=%%%')).status, 400);
      const first = (await call('GET', '/api/v1/pods?limit=2')).body;
      await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'page-expiry' } });
      emu.store.compact();
      const expired = await call(
        'GET',
        `/api/v1/pods?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`,
      );
      assert.equal(expired.status, 410);
      assert.equal(expired.body.reason, 'Expired');
      await call('DELETE', '/api/v1/namespaces/default/configmaps/page-expiry');
    });

    it('answers Tables when asked', async () => {
      const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
      const pods = (
        await call('GET', '/api/v1/namespaces/bookinfo/pods?limit=500', undefined, { Accept: accept })
      ).body;
      assert.equal(pods.kind, 'Table');
      assert.deepEqual(
        pods.columnDefinitions.map((c: { name: string }) => c.name.toUpperCase()),
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      );
      assert.deepEqual(pods.rows[0].cells.slice(1, 4), ['2/2', 'Running', '0']);
      assert.equal(pods.rows[0].object.kind, 'PartialObjectMetadata');
      const svcs = (await call('GET', '/api/v1/namespaces/bookinfo/services', undefined, { Accept: accept }))
        .body;
      assert.deepEqual(
        svcs.columnDefinitions.map((c: { name: string }) => c.name.toUpperCase()),
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      );
      assert.equal(svcs.rows.find((r: { cells: string[] }) => r.cells[0] === 'reviews').cells[4], '9080/TCP');
      const deps = (
        await call('GET', '/apis/apps/v1/namespaces/bookinfo/deployments', undefined, { Accept: accept })
      ).body;
      assert.equal(deps.columnDefinitions.length, 5);
      const ns = (await call('GET', '/api/v1/namespaces', undefined, { Accept: accept })).body;
      assert.deepEqual(
        ns.rows.find((r: { cells: string[] }) => r.cells[0] === 'bookinfo').cells.slice(0, 2),
        ['bookinfo', 'Active'],
      );
      const vs = (
        await call('GET', '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices', undefined, {
          Accept: accept,
        })
      ).body;
      assert.equal(vs.columnDefinitions.length, 2);
    });
  });

  describe('get, create, update, delete', () => {
    const base = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';
    const vs = (name: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name },
      spec: { hosts: ['details'], http: [{ route: [{ destination: { host: 'details' } }] }] },
    });

    it('returns one storage in every served version', async () => {
      const v1 = (await call('GET', `${base}/reviews`)).body;
      const alpha = (
        await call('GET', '/apis/networking.istio.io/v1alpha3/namespaces/bookinfo/virtualservices/reviews')
      ).body;
      assert.equal(v1.apiVersion, 'networking.istio.io/v1');
      assert.equal(alpha.apiVersion, 'networking.istio.io/v1alpha3');
      assert.equal(alpha.metadata.uid, v1.metadata.uid);
      assert.deepEqual(
        alpha.spec.http[0].route.map((r: { weight: number }) => r.weight),
        [90, 10],
      );
    });

    it('creates (201), rejects duplicates (409 AlreadyExists) and unknown objects (404 NotFound)', async () => {
      const created = await call('POST', `${base}?fieldManager=test&fieldValidation=Strict`, vs('details'));
      assert.equal(created.status, 201);
      assert.match(created.body.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.equal(created.body.metadata.generation, 1);
      assert.ok(created.body.metadata.creationTimestamp);
      const dup = await call('POST', base, vs('details'));
      assert.equal(dup.status, 409);
      assert.equal(dup.body.kind, 'Status');
      assert.equal(dup.body.reason, 'AlreadyExists');
      assert.deepEqual(dup.body.details, {
        name: 'details',
        group: 'networking.istio.io',
        kind: 'virtualservices',
      });
      const missing = await call('GET', `${base}/nope`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.reason, 'NotFound');
      assert.equal(missing.body.message, 'virtualservices.networking.istio.io "nope" not found');
      assert.equal(
        (await call('POST', '/api/v1/namespaces/nope/configmaps', { metadata: { name: 'x' } })).status,
        404,
      );
      const invalid = await call('POST', base, vs('Bad_Name'));
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.reason, 'Invalid');
    });

    it('updates with resourceVersion preconditions (409 Conflict) and bumps generation on spec changes', async () => {
      const cur = (await call('GET', `${base}/details`)).body;
      cur.spec.hosts = ['details', 'details.bookinfo'];
      const updated = await call('PUT', `${base}/details`, cur);
      assert.equal(updated.status, 200);
      assert.equal(updated.body.metadata.generation, 2);
      assert.ok(Number(updated.body.metadata.resourceVersion) > Number(cur.metadata.resourceVersion));
      const stale = await call('PUT', `${base}/details`, cur);
      assert.equal(stale.status, 409);
      assert.equal(stale.body.reason, 'Conflict');
      const labelsOnly = updated.body;
      labelsOnly.metadata.labels = { a: 'b' };
      assert.equal((await call('PUT', `${base}/details`, labelsOnly)).body.metadata.generation, 2);
    });

    it('honours dryRun=All on create, update, patch and delete', async () => {
      const rv = emu.store.resourceVersion;
      assert.equal((await call('POST', `${base}?dryRun=All`, vs('dry'))).status, 201);
      assert.equal((await call('GET', `${base}/dry`)).status, 404);
      const cur = (await call('GET', `${base}/details`)).body;
      cur.spec.hosts = ['changed'];
      assert.deepEqual((await call('PUT', `${base}/details?dryRun=All`, cur)).body.spec.hosts, ['changed']);
      const patched = await call('PATCH', `${base}/details?dryRun=All`, '{"spec":{"hosts":["p"]}}', {
        'Content-Type': 'application/merge-patch+json',
      });
      assert.deepEqual(patched.body.spec.hosts, ['p']);
      assert.equal((await call('DELETE', `${base}/details?dryRun=All`)).status, 200);
      assert.deepEqual((await call('GET', `${base}/details`)).body.spec.hosts, [
        'details',
        'details.bookinfo',
      ]);
      assert.equal(emu.store.resourceVersion, rv);
    });

    it('deletes (200 with the object), then 404', async () => {
      const del = await call('DELETE', `${base}/details`);
      assert.equal(del.status, 200);
      assert.equal(del.body.metadata.name, 'details');
      assert.equal((await call('DELETE', `${base}/details`)).status, 404);
    });
  });

  describe('scale subresource', () => {
    it('reads and merge-patches autoscaling/v1 Scale', async () => {
      const path = '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1/scale';
      const scale = (await call('GET', path)).body;
      assert.equal(scale.kind, 'Scale');
      assert.equal(scale.spec.replicas, 1);
      assert.equal(scale.status.selector, 'app=ratings,version=v1');
      const r = await call('PATCH', path, '{"spec":{"replicas":4}}', {
        'Content-Type': 'application/merge-patch+json',
      });
      assert.equal(r.body.spec.replicas, 4);
      assert.equal(
        (await call('GET', '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1')).body.spec.replicas,
        4,
      );
    });
  });

  describe('patch', () => {
    const dr = '/apis/networking.istio.io/v1/namespaces/bookinfo/destinationrules/reviews';

    it('applies merge patches', async () => {
      const r = await call(
        'PATCH',
        dr,
        '{"spec":{"trafficPolicy":{"tls":{"mode":"ISTIO_MUTUAL"}}},"metadata":{"labels":{"x":"1"}}}',
        {
          'Content-Type': 'application/merge-patch+json',
        },
      );
      assert.equal(r.status, 200);
      assert.equal(r.body.spec.trafficPolicy.tls.mode, 'ISTIO_MUTUAL');
      assert.equal(r.body.spec.subsets.length, 3);
      assert.equal(r.body.metadata.generation, 2);
      const removed = await call('PATCH', dr, '{"spec":{"trafficPolicy":null}}', {
        'Content-Type': 'application/merge-patch+json',
      });
      assert.equal(removed.body.spec.trafficPolicy, undefined);
    });

    it('applies JSON patches (add/remove/replace/test)', async () => {
      const ops = [
        { op: 'test', path: '/spec/host', value: 'reviews' },
        { op: 'add', path: '/spec/subsets/-', value: { name: 'v4', labels: { version: 'v4' } } },
        { op: 'replace', path: '/spec/subsets/0/name', value: 'one' },
        { op: 'remove', path: '/spec/subsets/1' },
      ];
      const r = await call('PATCH', dr, ops, { 'Content-Type': 'application/json-patch+json' });
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.body.spec.subsets.map((s: { name: string }) => s.name),
        ['one', 'v3', 'v4'],
      );
      const failed = await call('PATCH', dr, [{ op: 'test', path: '/spec/host', value: 'x' }], {
        'Content-Type': 'application/json-patch+json',
      });
      assert.equal(failed.status, 422);
      const missing = await call('PATCH', dr, [{ op: 'remove', path: '/spec/nope' }], {
        'Content-Type': 'application/json-patch+json',
      });
      assert.equal(missing.status, 422);
    });

    it('treats strategic merge as merge on built-in kinds and answers 415 on custom resources', async () => {
      const cm = await call(
        'PATCH',
        '/api/v1/namespaces/bookinfo/services/details',
        '{"metadata":{"labels":{"tier":"backend"}}}',
        {
          'Content-Type': 'application/strategic-merge-patch+json',
        },
      );
      assert.equal(cm.status, 200);
      assert.equal(cm.body.metadata.labels.tier, 'backend');
      const cr = await call('PATCH', dr, '{"spec":{}}', {
        'Content-Type': 'application/strategic-merge-patch+json',
      });
      assert.equal(cr.status, 415);
      assert.equal(cr.body.reason, 'UnsupportedMediaType');
      assert.match(
        cr.body.message,
        /accepted media types include: application\/json-patch\+json, application\/merge-patch\+json/,
      );
    });
  });

  describe('watch', () => {
    const cms = '/api/v1/namespaces/default/configmaps';

    it('streams ADDED/MODIFIED/DELETED from a resourceVersion, filtered by selectors', async () => {
      const rv = (await call('GET', cms)).body.metadata.resourceVersion;
      const events = await watch(
        `${cms}?watch=true&resourceVersion=${rv}&labelSelector=w%3D1`,
        (ev) => ev.some((e) => e.type === 'DELETED'),
        async () => {
          await call('POST', cms, { metadata: { name: 'other' }, data: {} });
          await call('POST', cms, { metadata: { name: 'w', labels: { w: '1' } }, data: { a: '1' } });
          await call('PATCH', `${cms}/w`, '{"data":{"a":"2"}}', {
            'Content-Type': 'application/merge-patch+json',
          });
          await call('DELETE', `${cms}/w`);
        },
      );
      assert.deepEqual(
        events.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['ADDED w', 'MODIFIED w', 'DELETED w'],
      );
      assert.equal(events[1].object.data.a, '2');
    });

    it('turns selector transitions into ADDED and DELETED', async () => {
      await call('POST', cms, { metadata: { name: 't', labels: { sel: 'no' } } });
      const events = await watch(
        `${cms}?watch=true&resourceVersion=${emu.store.resourceVersion}&labelSelector=sel%3Dyes`,
        (ev) => ev.length >= 2,
        async () => {
          const merge = { 'Content-Type': 'application/merge-patch+json' };
          await call('PATCH', `${cms}/t`, '{"metadata":{"labels":{"sel":"yes"}}}', merge);
          await call('PATCH', `${cms}/t`, '{"metadata":{"labels":{"sel":"no"}}}', merge);
        },
      );
      assert.deepEqual(
        events.map((e) => `${e.type} ${e.object.metadata.labels.sel}`),
        ['ADDED yes', 'DELETED no'],
      );
      await call('DELETE', `${cms}/t`);
    });

    it('replays history after a resourceVersion (watch=1) and sends synthetic ADDED without one', async () => {
      const rv = emu.store.resourceVersion;
      await call('POST', cms, { metadata: { name: 'r1' } });
      await call('POST', cms, { metadata: { name: 'r2' } });
      const replay = await watch(`${cms}?watch=1&resourceVersion=${rv}`, (ev) => ev.length >= 2);
      assert.deepEqual(
        replay.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['ADDED r1', 'ADDED r2'],
      );
      const fresh = await watch(`${cms}?watch=true`, (ev) => ev.length >= 3);
      assert.deepEqual(fresh.map((e) => e.object.metadata.name).sort(), ['other', 'r1', 'r2']);
    });

    it('sends BOOKMARK events when allowed', async () => {
      const started = Date.now();
      const events = await watch(
        `${cms}?watch=true&allowWatchBookmarks=true&resourceVersion=${emu.store.resourceVersion}`,
        (ev) => ev.some((e) => e.type === 'BOOKMARK'),
      );
      const bm = events.find((e) => e.type === 'BOOKMARK');
      assert.equal(bm.object.kind, 'ConfigMap');
      assert.equal(bm.object.metadata.resourceVersion, String(emu.store.resourceVersion));
      assert.ok(Date.now() - started < 2000);
    });

    it('answers a 410 Expired ERROR event for a compacted resourceVersion', async () => {
      const old = emu.store.resourceVersion;
      await call('POST', cms, { metadata: { name: 'r3' } });
      emu.store.compact();
      const events = await watch(`${cms}?watch=true&resourceVersion=${old}`, (ev) => ev.length >= 1);
      assert.equal(events[0].type, 'ERROR');
      assert.equal(events[0].object.code, 410);
      assert.equal(events[0].object.reason, 'Expired');
    });

    it('ends after timeoutSeconds and when watches are dropped', async () => {
      const t0 = Date.now();
      await watch(
        `${cms}?watch=true&timeoutSeconds=1&resourceVersion=${emu.store.resourceVersion}`,
        () => false,
      );
      const took = Date.now() - t0;
      assert.ok(took >= 900 && took < 3000, `took ${took}`);
      const t1 = Date.now();
      await watch(
        `${cms}?watch=true&resourceVersion=${emu.store.resourceVersion}`,
        () => false,
        async () => {
          await new Promise((r) => setTimeout(r, 100));
          emu.faults.dropWatches();
        },
      );
      assert.ok(Date.now() - t1 < 2000);
    });

    it('counts requests per kind and the watch streams open per collection, with their peak', async () => {
      const key = 'core/configmaps/default';
      const before = emu.traffic.snapshot();
      await call('GET', cms);
      let during: Record<string, number> = {};
      await watch(
        `${cms}?watch=true&resourceVersion=${emu.store.resourceVersion}`,
        () => false,
        async () => {
          await new Promise((r) => setTimeout(r, 100));
          during = emu.traffic.snapshot().openWatches;
          emu.faults.dropWatches();
        },
      );
      assert.equal(during[key], 1);
      const after = emu.traffic.snapshot();
      assert.equal(after.openWatches[key], undefined, 'closed when the stream ended');
      assert.ok((after.peakWatches[key] ?? 0) >= 1);
      assert.equal(after.requests.list, (before.requests.list ?? 0) + 1);
      assert.equal(after.requests.watch, (before.requests.watch ?? 0) + 1);
      emu.traffic.resetPeaks();
      assert.equal(emu.traffic.snapshot().peakWatches[key], undefined);
    });
  });

  describe('pod logs', () => {
    let pod: string;
    before(async () => {
      pod = (await call('GET', '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dratings')).body.items[0]
        .metadata.name;
    });
    const logPath = (q: string) => `/api/v1/namespaces/bookinfo/pods/${pod}/log?${q}`;
    const lines = (t: string) => t.split('\n').filter((l) => l !== '');

    it('returns the default container, tailLines and timestamps', async () => {
      const all = await call('GET', logPath(''));
      assert.equal(all.headers.get('content-type'), 'text/plain');
      assert.ok(lines(all.body).length >= 10);
      assert.equal(lines(all.body)[0], `line 1 from ${pod}/app`);
      const tail = lines((await call('GET', logPath('container=istio-proxy&tailLines=2'))).body);
      assert.equal(tail.length, 2);
      assert.match(tail[1], /istio-proxy$/);
      const ts = lines((await call('GET', logPath('tailLines=1&timestamps=true'))).body)[0];
      assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line \d+ from /);
      const limited = (await call('GET', logPath('limitBytes=5'))).body;
      assert.equal(limited, 'line ');
    });

    it('filters by sinceSeconds and sinceTime', async () => {
      emu.logs.add('bookinfo', pod, 'istio-proxy', { initialLines: 30, intervalMs: 1000 });
      const recent = lines((await call('GET', logPath('container=istio-proxy&sinceSeconds=1'))).body);
      assert.ok(recent.length >= 9 && recent.length <= 11, String(recent.length));
      const since = new Date(Date.now() - 500).toISOString();
      const fromTime = lines((await call('GET', logPath(`container=istio-proxy&sinceTime=${since}`))).body);
      assert.ok(fromTime.length >= 4 && fromTime.length <= 6, String(fromTime.length));
    });

    it('follows new lines', async () => {
      emu.logs.add('bookinfo', pod, 'app', { initialLines: 3, intervalMs: 30, generate: (n) => `tick ${n}` });
      const text = await readText(logPath('follow=true&tailLines=1'), (t) => lines(t).length >= 4);
      const got = lines(text);
      assert.match(got[0], /^tick \d+$/);
      const first = Number(got[0].split(' ')[1]);
      assert.deepEqual(
        got.slice(0, 4),
        [0, 1, 2, 3].map((i) => `tick ${first + i}`),
      );
    });

    it('answers 400 for unknown containers and 404 for unknown pods', async () => {
      const bad = await call('GET', logPath('container=nope'));
      assert.equal(bad.status, 400);
      assert.equal(bad.body.reason, 'BadRequest');
      assert.equal((await call('GET', '/api/v1/namespaces/bookinfo/pods/nope/log')).status, 404);
    });
  });

  describe('authorization, proxy and faults', () => {
    it('checks bearer tokens against rules (401/403)', async () => {
      const as = (path: string, token: string) =>
        fetch(emu.url + path, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal((await as('/api/v1/namespaces/bookinfo/pods', 'reader')).status, 200);
      const forbidden = await as('/api/v1/namespaces/bookinfo/services', 'reader');
      assert.equal(forbidden.status, 403);
      const st = (await forbidden.json()) as { reason: string; message: string; details: { kind: string } };
      assert.equal(st.reason, 'Forbidden');
      assert.match(st.message, /cannot list resource "services" in API group "" in the namespace "bookinfo"/);
      assert.equal((await as('/api/v1/namespaces/default/pods', 'reader')).status, 403);
      assert.equal((await as('/api/v1/namespaces/bookinfo/pods', 'wrong')).status, 401);
      assert.equal((await fetch(emu.url + '/api/v1/pods')).status, 401);
    });

    it('proxies to services', async () => {
      const r = await call(
        'GET',
        '/api/v1/namespaces/bookinfo/services/productpage:9080/proxy/api/v1/products?x=1',
      );
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { method: 'GET', url: '/api/v1/products?x=1', auth: null });
      assert.equal(
        (await call('GET', '/api/v1/namespaces/bookinfo/services/details:9080/proxy/')).status,
        503,
      );
      assert.equal((await call('GET', '/api/v1/namespaces/bookinfo/services/nope:9080/proxy/')).status, 404);
    });

    it('injects failures and latency', async () => {
      emu.faults.failNext(2, 503);
      assert.equal((await call('GET', '/api/v1/namespaces')).status, 503);
      assert.equal((await call('GET', '/api/v1/namespaces')).status, 503);
      assert.equal((await call('GET', '/api/v1/namespaces')).status, 200);
      emu.faults.addLatency(150);
      const t0 = Date.now();
      await call('GET', '/api/v1/namespaces');
      assert.ok(Date.now() - t0 >= 140);
    });

    it('is controlled through /__emulator endpoints and survives a restart', async () => {
      assert.equal(
        (await fetch(`${emu.url}/__emulator/fail?count=1&code=500`, { method: 'POST' })).status,
        200,
      );
      assert.equal((await call('GET', '/api/v1/namespaces')).status, 500);
      const rv = emu.store.resourceVersion;
      const events = await watch(
        '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=' + rv,
        () => false,
        async () => {
          await new Promise((r) => setTimeout(r, 100));
          await fetch(`${emu.url}/__emulator/restart`, { method: 'POST' }).catch(() => undefined);
        },
      );
      assert.deepEqual(events, []);
      assert.equal((await call('GET', '/api/v1/namespaces/bookinfo/pods')).body.items.length, 6);
    });
  });

  describe('large seed and standalone server', () => {
    it('generates 1,000 pods over 300 services in 20 namespaces', async () => {
      const big = await startEmulator({ seed: 'large' });
      try {
        let pods = 0;
        let cont = '';
        do {
          const res = await fetch(
            `${big.url}/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
          );
          const page = (await res.json()) as { items: unknown[]; metadata: { continue?: string } };
          pods += page.items.length;
          cont = page.metadata.continue ?? '';
        } while (cont);
        assert.equal(pods, 1000);
        const svcs = (await (await fetch(`${big.url}/api/v1/services`)).json()) as { items: unknown[] };
        assert.equal(svcs.items.length, 300);
        const ns = (await (
          await fetch(`${big.url}/api/v1/namespaces?labelSelector=istio-injection`)
        ).json()) as { items: unknown[] };
        assert.equal(ns.items.length, 20);
      } finally {
        await big.stop();
      }
    });

    it('runs as scripts/emulator.mjs: prints ready, writes a kubeconfig, stops on SIGTERM', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'emulator-script-'));
      const kubeconfig = join(dir, 'kubeconfig');
      const script = resolve(__dirname, '..', '..', 'scripts', 'emulator.mjs');
      const child = spawn(
        process.execPath,
        [script, '--port', '0', '--kubeconfig-out', kubeconfig, '--seed', 'bookinfo'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        await new Promise<void>((ok, ko) => {
          const timer = setTimeout(() => ko(new Error('no ready line')), 8000);
          let out = '';
          child.stdout!.on('data', (c: Buffer) => {
            out += c.toString();
            if (out.includes('ready\n')) {
              clearTimeout(timer);
              ok();
            }
          });
          child.on('exit', (code) => ko(new Error(`exited with ${code}`)));
        });
        const server = /server: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))![1];
        const version = (await (await fetch(`${server}/version`)).json()) as { minor: string };
        assert.equal(version.minor, '33');
        const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
