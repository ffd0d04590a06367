/** Unit tests of the discovery parsers and the lazy, caching Discovery over a scripted `get`. */
import * as assert from 'node:assert/strict';
import {
  discover,
  parseCoreVersions,
  parseGroupList,
  parseResourceList,
  splitApiVersion,
} from '../../client/src/cluster/discovery';
import { TransportError } from '../../client/src/cluster/transport';

const GROUPS = {
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [
    {
      name: 'networking.istio.io',
      versions: [
        { groupVersion: 'networking.istio.io/v1', version: 'v1' },
        { groupVersion: 'networking.istio.io/v1beta1', version: 'v1beta1' },
        { groupVersion: 'networking.istio.io/v1alpha3', version: 'v1alpha3' },
      ],
      preferredVersion: { groupVersion: 'networking.istio.io/v1beta1', version: 'v1beta1' },
    },
    { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }] },
    { versions: [] },
  ],
};

const NETWORKING_V1 = {
  kind: 'APIResourceList',
  groupVersion: 'networking.istio.io/v1',
  resources: [
    {
      name: 'virtualservices',
      singularName: 'virtualservice',
      namespaced: true,
      kind: 'VirtualService',
      verbs: ['get', 'list', 'update'],
      shortNames: ['vs'],
    },
    { name: 'virtualservices/status', namespaced: true, kind: 'VirtualService', verbs: ['get'] },
  ],
};

const CORE_V1 = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [{ name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: ['get'] }],
};

describe('discovery', () => {
  it('splits apiVersions into group and version', () => {
    assert.deepEqual(splitApiVersion('v1'), { group: '', version: 'v1' });
    assert.deepEqual(splitApiVersion('networking.istio.io/v1beta1'), {
      group: 'networking.istio.io',
      version: 'v1beta1',
    });
  });

  it('parses /api, /apis and resource lists, skipping subresources and malformed entries', () => {
    assert.deepEqual(parseCoreVersions({ kind: 'APIVersions', versions: ['v1'] }), {
      name: '',
      versions: ['v1'],
      preferredVersion: 'v1',
    });
    assert.deepEqual(parseGroupList(GROUPS), [
      {
        name: 'networking.istio.io',
        versions: ['v1', 'v1beta1', 'v1alpha3'],
        preferredVersion: 'v1beta1',
      },
      { name: 'apps', versions: ['v1'], preferredVersion: 'v1' },
    ]);
    assert.deepEqual(parseResourceList(NETWORKING_V1), [
      {
        groupVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        plural: 'virtualservices',
        namespaced: true,
        verbs: ['get', 'list', 'update'],
        shortNames: ['vs'],
      },
    ]);
    assert.deepEqual(parseGroupList('nonsense'), []);
    assert.deepEqual(parseResourceList(null), []);
  });

  it('asks lazily, caches, treats a 404 group version as empty and retries after failures', async () => {
    const asked: string[] = [];
    let failApis = true;
    const docs: Record<string, unknown> = {
      '/api': { versions: ['v1'] },
      '/apis': GROUPS,
      '/api/v1': CORE_V1,
      '/apis/networking.istio.io/v1': NETWORKING_V1,
    };
    const d = discover(async (path) => {
      asked.push(path);
      if (path === '/apis' && failApis) throw new TransportError('reset', { code: 'ECONNRESET' });
      if (!(path in docs)) throw new TransportError('not found', { status: 404 });
      return docs[path];
    });

    const vs = await d.resolve('networking.istio.io/v1', 'VirtualService');
    assert.equal(vs?.plural, 'virtualservices');
    assert.equal(vs?.namespaced, true);
    assert.equal((await d.resolve('v1', 'Namespace'))?.namespaced, false);
    assert.equal(await d.resolve('networking.istio.io/v1', 'Gateway'), undefined);
    assert.deepEqual(await d.resources('security.istio.io/v1'), []);
    assert.deepEqual(asked, ['/apis/networking.istio.io/v1', '/api/v1', '/apis/security.istio.io/v1']);

    await assert.rejects(d.groups(), /reset/);
    failApis = false;
    const net = await d.group('networking.istio.io');
    assert.deepEqual(net?.versions, ['v1', 'v1beta1', 'v1alpha3']);
    assert.equal(net?.preferredVersion, 'v1beta1');
    assert.equal((await d.groups())[0]?.name, '');
    assert.equal(await d.group('gone.example.com'), undefined);
    assert.equal(asked.filter((p) => p === '/apis').length, 2, 'the failure was not cached');

    const before = asked.length;
    await d.resolve('networking.istio.io/v1', 'VirtualService');
    assert.equal(asked.length, before, 'cached');
    d.invalidate();
    await d.resolve('networking.istio.io/v1', 'VirtualService');
    assert.equal(asked.length, before + 1, 'asked again after invalidate');
  });
});
