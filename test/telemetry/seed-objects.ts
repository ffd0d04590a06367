/** The emulator seeds' objects as MeshObjects, read straight from a seeded store (no HTTP). */
import type { KubeObject } from '../../client/src/cluster/transport';
import type { MeshObjects } from '../../client/src/graph/mesh-objects';
import { findType, Store } from '../emulator';
import { applySeed } from '../emulator/seeds';

export function seedMeshObjects(seed: 'bookinfo' | 'large', edit?: (store: Store) => void): MeshObjects {
  const store = new Store();
  applySeed(store, seed);
  edit?.(store);
  const read = (group: string, version: string, resource: string, kind: string): KubeObject[] =>
    store.list(findType(group, version, resource)!).map((o) => ({
      ...(o as unknown as KubeObject),
      apiVersion: group ? `${group}/${version}` : version,
      kind,
    }));
  const net = 'networking.istio.io';
  return {
    services: read('', 'v1', 'services', 'Service'),
    workloads: read('apps', 'v1', 'deployments', 'Deployment'),
    pods: read('', 'v1', 'pods', 'Pod'),
    virtualServices: read(net, 'v1', 'virtualservices', 'VirtualService'),
    destinationRules: read(net, 'v1', 'destinationrules', 'DestinationRule'),
    serviceEntries: read(net, 'v1', 'serviceentries', 'ServiceEntry'),
    gateways: read(net, 'v1', 'gateways', 'Gateway'),
  };
}
