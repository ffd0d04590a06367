import * as assert from 'node:assert/strict';
import { snapshotOf, type KubeObject } from '../../client/src/explorer/model';
import { relatedResources } from '../../client/src/explorer/related';
import { RESOURCE_TYPES, Store } from '../emulator';
import { applySeed } from '../emulator/seeds';

function bookinfo(): KubeObject[] {
  const store = new Store();
  applySeed(store, 'bookinfo');
  return RESOURCE_TYPES.flatMap((t) => store.list(t)).map((o) => structuredClone(o) as KubeObject);
}

const s = snapshotOf('kind-mesh', bookinfo());
const NET = 'networking.istio.io/v1';
const names = (kind: string, apiVersion: string, name: string, namespace = 'bookinfo') =>
  relatedResources(s, { apiVersion, kind, namespace, name })
    .map((r) => `${r.ref.kind}/${r.ref.name}`)
    .sort();

describe('explorer: related resources', () => {
  it('a VirtualService: its services, their DestinationRules and workloads, its Gateway', () => {
    const got = names('VirtualService', NET, 'reviews');
    assert.deepEqual(got, [
      'Deployment/reviews-v1',
      'Deployment/reviews-v2',
      'Deployment/reviews-v3',
      'DestinationRule/reviews',
      'Service/reviews',
    ]);
    assert.ok(names('VirtualService', NET, 'bookinfo').includes('Gateway/bookinfo-gateway'));
    assert.ok(names('VirtualService', NET, 'bookinfo').includes('Service/productpage'));
  });

  it('a Service: the config naming it and the workloads it selects', () => {
    const got = names('Service', 'v1', 'reviews');
    assert.ok(got.includes('VirtualService/reviews'), got.join());
    assert.ok(got.includes('DestinationRule/reviews'));
    assert.ok(got.includes('Deployment/reviews-v2'));
    assert.ok(!got.includes('Service/reviews'), 'never itself');
    assert.ok(!got.includes('Deployment/ratings-v1'));
  });

  it('a Gateway: the VirtualServices binding it; a workload: its Services; a pod: its Services', () => {
    assert.deepEqual(names('Gateway', NET, 'bookinfo-gateway'), ['VirtualService/bookinfo']);
    assert.ok(names('Deployment', 'apps/v1', 'ratings-v1').includes('Service/ratings'));
    const pod =
      s.objects instanceof Map
        ? s.objects.get('Pod')!.find((p: KubeObject) => p.metadata.name?.startsWith('details-v1'))!
        : undefined;
    assert.ok(pod);
    assert.deepEqual(names('Pod', 'v1', pod.metadata.name!), ['Service/details']);
  });

  it('an unknown object has no relations', () => {
    assert.deepEqual(names('VirtualService', NET, 'nope'), []);
  });
});
