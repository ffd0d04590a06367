/**
 * The workspace's mesh YAML in the service graph (the pure part under workspace-mesh-files.ts): files
 * parsed into the overlay's objects (multi-document, lists, broken documents skipped, namespace
 * defaulted, line of each document), kept per file with the later path winning, merged over the
 * cluster's objects (routing config from a file wins; Services and workloads stay the cluster's when it
 * has them), refs naming the file, and a config-only graph from files alone.
 */
import * as assert from 'node:assert/strict';
import type { KubeObject } from '../../client/src/cluster/transport';
import { applyConfigOverlay } from '../../client/src/graph/config-overlay';
import { GraphSource } from '../../client/src/graph/graph-source';
import { emptyMeshObjects, overlayWorkspaceObjects, sourceOf } from '../../client/src/graph/mesh-objects';
import { parseWebviewMessage } from '../../client/src/graph/webview-protocol';
import {
  mayHoldMeshObjects,
  parseManifestFile,
  WorkspaceMeshObjects,
  workspaceFilesOf,
} from '../../client/src/graph/workspace-objects';
import { yaml } from '../helpers/service';

const ROUTING = yaml`
  # shop routing
  apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata:
    name: cart
  spec:
    hosts: [cart]
    http:
    - route:
      - destination: {host: cart, subset: v1}
        weight: 80
      - destination: {host: cart, subset: v2}
        weight: 20
  ---
  apiVersion: networking.istio.io/v1
  kind: DestinationRule
  metadata:
    name: cart
    namespace: shop
  spec:
    host: cart
    subsets:
    - {name: v1, labels: {version: v1}}
    - {name: v2, labels: {version: v2}}
  ---
  kind: VirtualService
  metadata: {name: broken
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: ignored}
`;

const WORKLOADS = yaml`
  apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Service
    metadata: {name: cart, namespace: shop}
    spec: {selector: {app: cart}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: cart-v1, namespace: shop}
    spec:
      selector: {matchLabels: {app: cart, version: v1}}
      template: {metadata: {labels: {app: cart, version: v1}}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: cart-v2, namespace: shop}
    spec:
      selector: {matchLabels: {app: cart, version: v2}}
      template: {metadata: {labels: {app: cart, version: v2}}}
`;

const file = (path: string) => ({ uri: `file:///ws/${path}`, path });

describe('graph: workspace mesh files in the config overlay', () => {
  it('parses a multi-document file: mesh kinds only, broken documents skipped, namespace defaulted', () => {
    const o = parseManifestFile(ROUTING, file('mesh/routing.yaml'), 'shop');
    assert.deepEqual(
      o.virtualServices.map((v) => [v.metadata.namespace, v.metadata.name]),
      [['shop', 'cart']],
    );
    assert.equal(o.destinationRules.length, 1);
    assert.deepEqual(sourceOf(o.virtualServices[0]!), { ...file('mesh/routing.yaml'), line: 1 });
    assert.equal(sourceOf(o.destinationRules[0]!)?.line, 14);
    const list = parseManifestFile(WORKLOADS, file('k8s/cart.yaml'));
    assert.equal(list.services.length, 1);
    assert.equal(list.workloads.length, 2);
    assert.equal(mayHoldMeshObjects('name: ci\non: push\njobs: {}\n'), false);
    assert.deepEqual(parseManifestFile('a: [', file('x.yaml')), emptyMeshObjects());
  });

  it('keeps objects per file: edits and deletions report a change only when mesh objects are involved', () => {
    const store = new WorkspaceMeshObjects();
    assert.equal(store.set(file('ci.yml'), 'on: push\n'), false);
    assert.equal(store.set(file('mesh/routing.yaml'), ROUTING, 'shop'), true);
    assert.equal(store.objects().virtualServices.length, 1);
    // the same VirtualService in a later path wins
    const later = ROUTING.replace('weight: 80', 'weight: 50').replace('weight: 20', 'weight: 50');
    assert.equal(store.set(file('mesh/z-override.yaml'), later, 'shop'), true);
    const vs = store.objects().virtualServices;
    assert.equal(vs.length, 1);
    assert.equal(sourceOf(vs[0]!)?.path, 'mesh/z-override.yaml');
    assert.deepEqual(store.namespaces(), ['shop']);
    assert.equal(store.delete(file('mesh/z-override.yaml').uri), true);
    assert.equal(sourceOf(store.objects().virtualServices[0]!)?.path, 'mesh/routing.yaml');
    assert.equal(store.set(file('mesh/routing.yaml'), '# emptied\n'), true);
    assert.equal(store.objects().virtualServices.length, 0);
    assert.equal(store.delete(file('ci.yml').uri), false);
  });

  it('routing config from a file wins over the cluster; the cluster’s Services and workloads stay', () => {
    const cluster = emptyMeshObjects();
    const clusterVs: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart', subset: 'v1' } }] }] },
    };
    const clusterSvc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart', namespace: 'shop', uid: 'live' },
      spec: { selector: { app: 'cart' } },
    };
    cluster.virtualServices.push(clusterVs);
    cluster.services.push(clusterSvc);
    const store = new WorkspaceMeshObjects();
    store.set(file('mesh/routing.yaml'), ROUTING, 'shop');
    store.set(file('k8s/cart.yaml'), WORKLOADS);
    const merged = overlayWorkspaceObjects(cluster, store.objects());
    assert.equal(merged.virtualServices.length, 1);
    assert.equal(sourceOf(merged.virtualServices[0]!)?.path, 'mesh/routing.yaml');
    assert.deepEqual(merged.services, [clusterSvc], 'the running Service, not the manifest');
    assert.equal(merged.workloads.length, 2, 'workloads the cluster lacks come from the files');

    const g = applyConfigOverlay(
      {
        nodes: [],
        edges: [],
        namespaces: ['shop'],
        window: '5m',
        time: 0,
        mode: 'config-only',
        notices: [],
        queries: 0,
      },
      merged,
    );
    const e = g.edges.find((x) => x.id === 'service:shop/cart->workload:shop/cart-v2')!;
    assert.equal(e.config.weight, 20);
    assert.deepEqual(e.config.virtualService?.file, { ...file('mesh/routing.yaml'), line: 1 });
    assert.equal(e.config.destinationRule?.file?.line, 14);
    const svc = g.nodes.find((n) => n.id === 'service:shop/cart')!;
    assert.equal(svc.resources[0]!.file, undefined, 'the cluster Service has no file');
    assert.equal(
      g.nodes.find((n) => n.id === 'workload:shop/cart-v1')!.resources[0]!.file?.path,
      'k8s/cart.yaml',
    );
    assert.deepEqual([...workspaceFilesOf(g)].sort(), [
      file('k8s/cart.yaml').uri,
      file('mesh/routing.yaml').uri,
    ]);
  });

  it('builds a config-only graph from workspace files alone (no cluster, no Prometheus)', async () => {
    const store = new WorkspaceMeshObjects();
    store.set(file('mesh/routing.yaml'), ROUTING, 'shop');
    store.set(file('k8s/cart.yaml'), WORKLOADS);
    const source = new GraphSource({
      unconfiguredReason: 'Not connected to a cluster',
      objects: () => store.objects(),
    });
    const g = await source.refresh({ namespaces: ['shop'], window: '5m' });
    assert.equal(g.mode, 'config-only');
    assert.equal(g.queries, 0);
    assert.match(g.notices[0]!, /^Not connected to a cluster — showing routing config only$/);
    assert.deepEqual(
      g.edges.map((x) => [x.id, x.configOnly, x.config.weight]),
      [
        ['service:shop/cart->workload:shop/cart-v1', true, 80],
        ['service:shop/cart->workload:shop/cart-v2', true, 20],
      ],
    );
  });

  it('accepts a file on a resource ref from the webview only when well-formed', () => {
    const args = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      namespace: 'shop',
      name: 'cart',
      file: { ...file('mesh/routing.yaml'), line: 1 },
    };
    const action = { type: 'action', command: 'meshwright.resource.openRef', args };
    assert.deepEqual(parseWebviewMessage(action), action);
    for (const bad of [{ uri: 'file:///x' }, { ...args.file, line: -1 }, { ...args.file, line: 1.5 }, 'x'])
      assert.equal(parseWebviewMessage({ ...action, args: { ...args, file: bad } }), undefined);
  });
});
