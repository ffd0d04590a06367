import * as assert from 'node:assert/strict';
import {
  buildTree,
  diffTree,
  snapshotOf,
  type AccessState,
  type ExplorerNode,
  type KubeObject,
} from '../../client/src/explorer/model';
import { RESOURCE_TYPES, Store } from '../emulator';
import { applySeed, type SeedName } from '../emulator/seeds';

/** All objects of an emulator seed, as a watch cache would hold them (no server needed). */
function seeded(seed: SeedName): KubeObject[] {
  const store = new Store();
  applySeed(store, seed);
  return RESOURCE_TYPES.flatMap((t) => store.list(t)).map((o) => structuredClone(o) as KubeObject);
}

function build(objects: KubeObject[], access?: Record<string, AccessState>): ExplorerNode {
  return buildTree(snapshotOf('kind-mesh', objects, access));
}

/** The node reached by following child labels from the root. */
function at(root: ExplorerNode, ...labels: string[]): ExplorerNode {
  let node = root;
  for (const l of labels) {
    const next = node.children?.find((c) => c.label === l);
    assert.ok(
      next,
      `no child "${l}" under "${node.label}" (has ${node.children?.map((c) => c.label).join(', ')})`,
    );
    node = next;
  }
  return node;
}

function all(root: ExplorerNode): ExplorerNode[] {
  const out: ExplorerNode[] = [];
  const walk = (n: ExplorerNode) => {
    out.push(n);
    n.children?.forEach(walk);
  };
  walk(root);
  return out;
}

const find = (objs: KubeObject[], kind: string, name: string): KubeObject =>
  objs.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('explorer model', () => {
  describe('bookinfo', () => {
    const objs = seeded('bookinfo');
    const tree = build(objs);

    it('lists namespaces sorted, with their injection state', () => {
      assert.equal(tree.kind, 'context');
      assert.equal(tree.label, 'kind-mesh');
      assert.deepEqual(
        tree.children!.map((n) => n.label),
        ['bookinfo', 'default', 'istio-system', 'kube-system'],
      );
      assert.match(at(tree, 'bookinfo').description, /^istio-injection=enabled/);
      assert.equal(at(tree, 'istio-system').description, 'no injection');
      assert.deepEqual(
        at(tree, 'bookinfo').children!.map((g) => g.label),
        ['Workloads', 'Services', 'Istio config'],
      );
    });

    it('shows revision and ambient namespaces', () => {
      const extra: KubeObject[] = [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'canary', labels: { 'istio.io/rev': '1-27' } },
        },
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient' } },
        },
      ];
      const t = build([...objs, ...extra]);
      assert.equal(at(t, 'canary').description, 'istio.io/rev=1-27');
      assert.equal(at(t, 'amb').description, 'istio.io/dataplane-mode=ambient');
    });

    it('shows reviews v1/v2/v3 with ready counts and their pods with istio-proxy', () => {
      for (const v of ['v1', 'v2', 'v3']) {
        const w = at(tree, 'bookinfo', 'Workloads', `reviews-${v}`);
        assert.equal(w.kind, 'workload');
        assert.equal(w.description, `${v} · 1/1`);
        assert.equal(w.severity, undefined);
        assert.deepEqual(w.resource, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'bookinfo',
          name: `reviews-${v}`,
        });
        assert.equal(w.children!.length, 1);
        const pod = w.children![0];
        assert.equal(pod.kind, 'pod');
        assert.match(pod.label, new RegExp(`^reviews-${v}-`));
        assert.equal(pod.description, 'Running · 2/2 · 0 restarts · istio-proxy');
        assert.equal(pod.severity, undefined);
      }
      // control plane: no injection, so no proxy is not a warning
      const istiod = at(tree, 'istio-system', 'Workloads', 'istiod');
      assert.match(istiod.children![0].description, /no istio-proxy$/);
      assert.equal(istiod.children![0].severity, undefined);
    });

    it("shows services' ports with protocol and appProtocol", () => {
      const reviews = at(tree, 'bookinfo', 'Services', 'reviews');
      assert.equal(reviews.description, 'http 9080/TCP');
      assert.deepEqual(
        reviews.children!.map((p) => p.label),
        ['http 9080/TCP'],
      );
      assert.equal(
        at(tree, 'istio-system', 'Services', 'istio-ingressgateway').description,
        'http2 80/TCP, https 443/TCP',
      );
      const changed = structuredClone(objs);
      const svc = find(changed, 'Service', 'ratings');
      (svc.spec as { ports: Record<string, unknown>[] }).ports[0].appProtocol = 'grpc';
      assert.equal(at(build(changed), 'bookinfo', 'Services', 'ratings').description, 'grpc 9080/TCP');
    });

    it('groups Istio config by kind and explains each item', () => {
      const istio = at(tree, 'bookinfo', 'Istio config');
      assert.deepEqual(
        istio.children!.map((k) => [k.label, k.description]),
        [
          ['VirtualServices', '2'],
          ['DestinationRules', '4'],
          ['Gateways', '1'],
          ['PeerAuthentications', '1'],
        ],
      );
      assert.equal(at(istio, 'VirtualServices', 'reviews').description, 'reviews v1 90% · v3 10%');
      assert.equal(at(istio, 'VirtualServices', 'bookinfo').description, '* · via bookinfo-gateway');
      assert.equal(at(istio, 'DestinationRules', 'reviews').description, 'reviews · subsets v1, v2, v3');
      assert.deepEqual(
        at(istio, 'DestinationRules', 'reviews').children!.map((s) => s.description),
        ['version=v1 · 1 pod', 'version=v2 · 1 pod', 'version=v3 · 1 pod'],
      );
      assert.match(at(istio, 'PeerAuthentications', 'default').description, /^mTLS STRICT/);
      assert.equal(at(istio, 'Gateways', 'bookinfo-gateway').severity, undefined);
      // a selector no gateway pod carries is flagged
      const changed = structuredClone(objs);
      const gateway = find(changed, 'Gateway', 'bookinfo-gateway');
      (gateway.spec as { selector: Record<string, string> }).selector = { istio: 'egressgateway' };
      const gw = at(
        at(buildTree(snapshotOf('kind-mesh', changed)), 'bookinfo', 'Istio config'),
        'Gateways',
        'bookinfo-gateway',
      );
      assert.equal(gw.severity, 'warning');
      assert.match(gw.tooltip, /matches no gateway pod/);
      assert.equal(at(tree, 'default', 'Istio config').children![0].label, 'no Istio config');
    });

    it('flags a VirtualService routing to a subset no DestinationRule defines', () => {
      const changed = structuredClone(objs);
      const vs = find(changed, 'VirtualService', 'reviews');
      const route = (vs.spec as { http: { route: { destination: { subset: string } }[] }[] }).http[0].route;
      route[1].destination.subset = 'v9';
      const node = at(build(changed), 'bookinfo', 'Istio config', 'VirtualServices', 'reviews');
      assert.equal(node.severity, 'warning');
      assert.equal(node.description, 'reviews v1 90% · v9 10%');
      assert.match(node.tooltip, /Subset `reviews\/v9` is not defined by any DestinationRule/);
      assert.equal(at(tree, 'bookinfo', 'Istio config', 'VirtualServices', 'reviews').severity, undefined);
    });

    it('shows an AuthorizationPolicy action', () => {
      const ap: KubeObject = {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'deny-ratings', namespace: 'bookinfo' },
        spec: { action: 'DENY', selector: { matchLabels: { app: 'ratings' } }, rules: [{ from: [] }] },
      };
      const t = build([...objs, ap]);
      assert.equal(
        at(t, 'bookinfo', 'Istio config', 'AuthorizationPolicies', 'deny-ratings').description,
        'DENY · 1 rule · app=ratings',
      );
    });

    it('flags a DestinationRule subset that selects no pods, by name', () => {
      const changed = structuredClone(objs);
      const dr = find(changed, 'DestinationRule', 'reviews');
      (dr.spec as { subsets: unknown[] }).subsets.push({ name: 'v4', labels: { version: 'v4' } });
      const node = at(build(changed), 'bookinfo', 'Istio config', 'DestinationRules', 'reviews');
      assert.equal(node.severity, 'warning');
      assert.match(node.description, /⚠ v4 selects no pods/);
      assert.match(node.tooltip, /`v4`/);
      assert.equal(at(node, 'v4').severity, 'warning');
      assert.equal(at(node, 'v4').description, 'version=v4 · 0 pods');
      assert.equal(at(node, 'v1').severity, undefined);
    });

    it('flags a pod without sidecar in an injected namespace (and its workload)', () => {
      const changed = structuredClone(objs);
      const pod = changed.find((o) => o.kind === 'Pod' && o.metadata.name!.startsWith('reviews-v2-'))!;
      const spec = pod.spec as { containers: { name: string }[] };
      spec.containers = spec.containers.filter((c) => c.name !== 'istio-proxy');
      const bare: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'debug', namespace: 'bookinfo', labels: { run: 'debug' } },
        spec: { containers: [{ name: 'shell', image: 'busybox' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'shell', ready: true, restartCount: 3 }] },
      };
      const t = build([...changed, bare]);
      const w = at(t, 'bookinfo', 'Workloads', 'reviews-v2');
      assert.equal(w.severity, 'warning');
      assert.equal(w.description, 'v2 · 1/1 · no istio-proxy');
      assert.equal(w.children![0].severity, 'warning');
      assert.match(
        w.children![0].tooltip,
        /No istio-proxy although namespace `bookinfo` has `istio-injection=enabled`/,
      );
      const debug = at(t, 'bookinfo', 'Workloads', 'debug');
      assert.equal(debug.kind, 'pod');
      assert.equal(debug.severity, 'warning');
      assert.equal(debug.description, 'Running · 1/1 · 3 restarts · no istio-proxy');
      assert.equal(at(t, 'bookinfo', 'Workloads', 'reviews-v1').severity, undefined);
      assert.match(at(t, 'bookinfo').description, /· 3 ⚠$/); // workload + its pod + bare pod
      // opting out is not a warning
      bare.metadata.annotations = { 'sidecar.istio.io/inject': 'false' };
      assert.equal(at(build([...changed, bare]), 'bookinfo', 'Workloads', 'debug').severity, undefined);
    });

    it('shows "no access" only where a type is forbidden', () => {
      const t = build(objs, { 'networking.istio.io/DestinationRule': 'forbidden' });
      const denied = all(t).filter((n) => n.kind === 'noAccess');
      assert.equal(denied.length, 4); // one per namespace, in its DestinationRules group
      const dr = at(t, 'bookinfo', 'Istio config', 'DestinationRules');
      assert.equal(dr.children!.length, 1);
      const node = dr.children![0];
      assert.equal(node.kind, 'noAccess');
      assert.equal(node.severity, 'error');
      assert.match(node.tooltip, /`networking\.istio\.io\/DestinationRule`/);
      assert.match(node.tooltip, /403 Forbidden/);
      for (const n of denied) assert.ok(n.id.includes('/istio/DestinationRule/'), n.id);
      // everything else still shown
      assert.equal(
        at(t, 'bookinfo', 'Istio config', 'VirtualServices', 'reviews').description,
        'reviews v1 90% · v3 10%',
      );
      assert.equal(at(t, 'bookinfo', 'Workloads', 'reviews-v3').description, 'v3 · 1/1');
      assert.equal(at(t, 'bookinfo', 'Services', 'reviews').description, 'http 9080/TCP');
    });

    it('infers namespaces when Namespaces are forbidden', () => {
      const t = build(
        objs.filter((o) => o.kind !== 'Namespace'),
        { Namespace: 'forbidden' },
      );
      assert.equal(t.children![0].kind, 'noAccess');
      assert.deepEqual(
        t.children!.slice(1).map((n) => n.label),
        ['bookinfo', 'istio-system'],
      );
      assert.equal(at(t, 'bookinfo', 'Workloads', 'reviews-v1').description, 'v1 · 1/1');
    });

    it('does not guess about subsets when DestinationRules are forbidden', () => {
      const t = build(
        objs.filter((o) => o.kind !== 'DestinationRule'),
        { 'networking.istio.io/DestinationRule': 'forbidden' },
      );
      assert.equal(at(t, 'bookinfo', 'Istio config', 'VirtualServices', 'reviews').severity, undefined);
    });

    it('flags unready workloads and crashing pods', () => {
      const changed = structuredClone(objs);
      const deploy = find(changed, 'Deployment', 'ratings-v1');
      (deploy.status as { readyReplicas: number }).readyReplicas = 0;
      const pod = changed.find((o) => o.kind === 'Pod' && o.metadata.name!.startsWith('ratings-v1-'))!;
      const cs = (pod.status as { containerStatuses: Record<string, unknown>[] }).containerStatuses[0];
      Object.assign(cs, {
        ready: false,
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
      });
      const w = at(build(changed), 'bookinfo', 'Workloads', 'ratings-v1');
      assert.equal(w.description, 'v1 · 0/1');
      assert.equal(w.severity, 'warning');
      assert.equal(w.children![0].severity, 'error');
      assert.equal(w.children![0].description, 'CrashLoopBackOff · 1/2 · 7 restarts · istio-proxy');
    });

    it('shows a single "no access" node in Workloads when pods are forbidden', () => {
      const t = build(
        objs.filter((o) => o.kind !== 'Pod'),
        { Pod: 'forbidden' },
      );
      const workloads = at(t, 'bookinfo', 'Workloads');
      const denied = workloads.children!.filter((n) => n.kind === 'noAccess');
      assert.equal(denied.length, 1);
      assert.match(denied[0].tooltip, /`Pod`/);
      assert.equal(at(workloads, 'reviews-v1').children, undefined);
      assert.equal(all(t).filter((n) => n.kind === 'pod').length, 0);
      // subsets cannot be checked without pods: no false warnings
      assert.equal(at(t, 'bookinfo', 'Istio config', 'DestinationRules', 'reviews').severity, undefined);
    });

    it('keeps ids unique and stable across rebuilds and input order', () => {
      const ids = all(tree).map((n) => n.id);
      assert.equal(new Set(ids).size, ids.length);
      const again = build([...objs].reverse());
      assert.deepEqual(
        all(build(seeded('bookinfo'))).map((n) => n.id),
        ids,
      );
      assert.deepEqual(
        all(again).map((n) => n.id),
        ids,
      );
      assert.deepEqual(again, tree);
      assert.equal(
        at(tree, 'bookinfo', 'Workloads', 'reviews-v1').id,
        'ctx/kind-mesh/ns/bookinfo/workloads/Deployment/reviews-v1',
      );
    });
  });

  describe('diffTree', () => {
    const objs = seeded('bookinfo');
    const before = build(objs);

    it('reports nothing for an identical rebuild', () => {
      assert.deepEqual(diffTree(before, build(structuredClone(objs))), {
        changed: [],
        added: [],
        removed: [],
        root: false,
      });
    });

    it('reports the changed VirtualService only', () => {
      const changed = structuredClone(objs);
      const vs = find(changed, 'VirtualService', 'reviews');
      const route = (vs.spec as { http: { route: { weight: number }[] }[] }).http[0].route;
      route[0].weight = 50;
      route[1].weight = 50;
      const d = diffTree(before, build(changed));
      assert.deepEqual(d.changed, ['ctx/kind-mesh/ns/bookinfo/istio/VirtualService/reviews']);
      assert.deepEqual(d.added, []);
    });

    it('reports added and removed nodes with their parents', () => {
      const changed = structuredClone(objs).filter(
        (o) => !(o.kind === 'Service' && o.metadata.name === 'ratings'),
      );
      const dr = find(changed, 'DestinationRule', 'reviews');
      (dr.spec as { subsets: unknown[] }).subsets.push({ name: 'v4', labels: { version: 'v4' } });
      const d = diffTree(before, build(changed));
      const dr4 = 'ctx/kind-mesh/ns/bookinfo/istio/DestinationRule/reviews';
      assert.ok(d.changed.includes('ctx/kind-mesh/ns/bookinfo/services'));
      assert.ok(d.changed.includes(dr4));
      assert.ok(d.changed.includes(`${dr4}/subset/v4`) === false);
      assert.ok(d.added.includes(`${dr4}/subset/v4`));
      assert.ok(d.removed.includes('ctx/kind-mesh/ns/bookinfo/services/Service/ratings'));
      assert.ok(d.removed.includes('ctx/kind-mesh/ns/bookinfo/services/Service/ratings/port/9080'));
      assert.ok(!d.changed.includes('ctx/kind-mesh/ns/istio-system'));
    });

    it('replaces everything for another context', () => {
      const d = diffTree(before, buildTree(snapshotOf('other', objs)));
      assert.equal(d.root, true);
      assert.deepEqual(d.changed, ['ctx/other']);
    });
  });

  describe('large seed', () => {
    it('builds 1,000 pods / 300 services', () => {
      const objs = seeded('large');
      build(objs); // warm-up
      const t0 = performance.now();
      const tree = build(objs);
      const ms = performance.now() - t0;
      console.log(`      explorer model for ${objs.length} objects: ${ms.toFixed(1)} ms`);
      const nodes = all(tree);
      assert.equal(nodes.filter((n) => n.kind === 'pod').length, 1000);
      assert.equal(nodes.filter((n) => n.kind === 'service').length, 300);
      assert.equal(tree.children!.filter((n) => n.label.startsWith('team-')).length, 20);
      const t1 = performance.now();
      const d = diffTree(tree, build(objs));
      console.log(`      rebuild + diff: ${(performance.now() - t1).toFixed(1)} ms`);
      assert.deepEqual(d.changed, []);
    });
  });
});
