/**
 * Pure model of the mesh-aware cluster explorer: a snapshot of plain Kubernetes objects in, a tree of
 * plain {@link ExplorerNode}s out (context → namespaces → Workloads / Services / Istio config).
 * No `vscode` import; the tree-view adapter maps nodes to `TreeItem`s and uses {@link diffTree} to fire
 * targeted refresh events. Ids derive from context, namespace, kind and name, so they are stable across
 * rebuilds and the user's expansion state survives a refresh.
 */
import { hostKey, istioGroup, type MeshIndex } from './istio';
import {
  accessOf,
  asArray,
  asString,
  byName,
  dig,
  labelsOf,
  md,
  nameOf,
  objectsOf,
  resourceKey,
} from './kube';
import { NamespaceView } from './namespace';
import { noAccessNode, nodeId } from './nodes';
import { servicesGroup } from './services';
import type { ClusterSnapshot, ExplorerNode, KubeObject, ResourceKey } from './types';
import { workloadsGroup } from './workloads';

export type * from './types';
export { diffTree, type TreeDiff } from './diff';
export { resourceKey, snapshotOf } from './kube';
export { injectionOf, type Injection } from './namespace';

const NAMESPACE = resourceKey('', 'Namespace');
const POD = resourceKey('', 'Pod');
const SERVICE = resourceKey('', 'Service');
const DESTINATION_RULE = resourceKey('networking.istio.io', 'DestinationRule');

function entries<T>(m: ReadonlyMap<string, T> | Readonly<Record<string, T>>): Iterable<[string, T]> {
  return m instanceof Map ? m.entries() : Object.entries(m);
}

/** All objects of the snapshot by namespace, then by resource type (one pass). */
function indexByNamespace(s: ClusterSnapshot): Map<string, Map<ResourceKey, KubeObject[]>> {
  const out = new Map<string, Map<ResourceKey, KubeObject[]>>();
  for (const [key, objs] of entries(s.objects)) {
    if (key === NAMESPACE) continue;
    for (const o of objs) {
      const ns = o.metadata.namespace;
      if (!ns) continue;
      let byKey = out.get(ns);
      if (!byKey) out.set(ns, (byKey = new Map()));
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(o);
    }
  }
  return out;
}

function meshIndex(s: ClusterSnapshot, perNs: Map<string, Map<ResourceKey, KubeObject[]>>): MeshIndex {
  let all: KubeObject[] | undefined;
  let services: Map<string, KubeObject> | undefined;
  let subsets: Map<string, Set<string>> | undefined;
  const drReadable = accessOf(s, DESTINATION_RULE) !== 'forbidden';
  return {
    service(namespace, name) {
      if (!services) {
        services = new Map();
        for (const [ns, byKey] of perNs)
          for (const o of byKey.get(SERVICE) ?? []) services.set(`${ns}/${nameOf(o)}`, o);
      }
      return services.get(`${namespace}/${name}`);
    },
    subsets(host) {
      if (!drReadable) return undefined;
      if (!subsets) {
        subsets = new Map();
        for (const [ns, byKey] of perNs) {
          for (const dr of byKey.get(DESTINATION_RULE) ?? []) {
            const key = hostKey(asString(dig(dr.spec, 'host')) ?? '', ns);
            let set = subsets.get(key);
            if (!set) subsets.set(key, (set = new Set()));
            for (const sub of asArray(dig(dr.spec, 'subsets'))) set.add(asString(dig(sub, 'name')) ?? '');
          }
        }
      }
      return subsets.get(host) ?? new Set();
    },
    pods: (namespace) => perNs.get(namespace)?.get(POD) ?? [],
    allPods: () => (all ??= [...perNs.values()].flatMap((m) => m.get(POD) ?? [])),
    podsReadable: accessOf(s, POD) !== 'forbidden',
    servicesReadable: accessOf(s, SERVICE) !== 'forbidden',
  };
}

/** Number of nodes flagged `warning` or `error` below a node. */
function flaggedBelow(n: ExplorerNode): number {
  let count = 0;
  for (const c of n.children ?? []) {
    if ((c.severity === 'warning' || c.severity === 'error') && c.kind !== 'noAccess') count++;
    count += flaggedBelow(c);
  }
  return count;
}

function namespaceNode(view: NamespaceView, obj: KubeObject | undefined, index: MeshIndex): ExplorerNode {
  const children = [workloadsGroup(view), servicesGroup(view), istioGroup(view, index)];
  const flagged = children.reduce((sum, c) => sum + flaggedBelow(c), 0);
  const labels = Object.entries(obj ? labelsOf(obj) : {}).map(([k, v]) => `\`${k}=${v}\``);
  return {
    id: view.id,
    kind: 'namespace',
    label: view.name,
    description: view.injection.text + (flagged ? ` · ${flagged} ⚠` : ''),
    tooltip:
      `**Namespace** \`${view.name}\`\n\nData plane: ${md(view.injection.text)}` +
      (labels.length ? `\n\nLabels: ${labels.join(', ')}` : '') +
      (flagged ? `\n\n$(warning) ${flagged} item${flagged === 1 ? ' needs' : 's need'} attention.` : ''),
    icon: 'symbol-namespace',
    contextValue: `meshwright.namespace.${view.injection.mode}`,
    resource: obj ? { apiVersion: obj.apiVersion ?? 'v1', kind: 'Namespace', name: view.name } : undefined,
    children,
  };
}

/**
 * Builds the explorer tree for one context. Namespaces are the listed Namespace objects plus any namespace
 * that holds objects (so a forbidden namespace list still shows the rest); everything is sorted by name.
 */
export function buildTree(s: ClusterSnapshot): ExplorerNode {
  const rootId = nodeId('ctx', s.context);
  const perNs = indexByNamespace(s);
  const index = meshIndex(s, perNs);
  const nsObjects = new Map<string, KubeObject>();
  const nsForbidden = accessOf(s, NAMESPACE) === 'forbidden';
  if (!nsForbidden) for (const o of objectsOf(s, NAMESPACE)) nsObjects.set(nameOf(o), o);
  const names = new Set([...nsObjects.keys(), ...perNs.keys()]);
  const children: ExplorerNode[] = [...names].map((name) =>
    namespaceNode(
      new NamespaceView(
        s,
        name,
        nodeId(rootId, 'ns', name),
        perNs.get(name) ?? new Map(),
        nsObjects.get(name),
      ),
      nsObjects.get(name),
      index,
    ),
  );
  children.sort(byName);
  if (nsForbidden) children.unshift(noAccessNode(rootId, s, NAMESPACE, 'Namespaces'));
  return {
    id: rootId,
    kind: 'context',
    label: s.context,
    description: `${names.size} namespace${names.size === 1 ? '' : 's'}`,
    tooltip: `**Context** \`${s.context}\``,
    icon: 'server-environment',
    contextValue: 'meshwright.context',
    children,
  };
}
