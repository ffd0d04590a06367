/**
 * The "Istio config" group: Istio resources grouped by kind, each with a one-line summary of why it matters
 * (traffic weights, subsets selecting no pods, mTLS mode, policy action…).
 */
import { byName, nameOf, refOf, resourceKey } from './kube';
import type { NamespaceView } from './namespace';
import { messageNode, noAccessNode, nodeId } from './nodes';
import {
  authorizationPolicy,
  envoyFilter,
  generic,
  peerAuthentication,
  requestAuthentication,
  sidecar,
  telemetry,
} from './istio-policy';
import {
  destinationRule,
  gateway,
  serviceEntry,
  virtualService,
  type MeshIndex,
  type Summarize,
} from './istio-routing';
import type { ExplorerNode, KubeObject } from './types';

export { hostKey, serviceOfHost, weightsText, type MeshIndex } from './istio-routing';

interface IstioKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  icon: string;
  summarize: Summarize;
}

const NET = 'networking.istio.io';
const SEC = 'security.istio.io';

/** The Istio kinds shown, in display order. */
export const ISTIO_KINDS: readonly IstioKind[] = [
  {
    group: NET,
    version: 'v1',
    kind: 'VirtualService',
    plural: 'VirtualServices',
    icon: 'arrow-swap',
    summarize: virtualService,
  },
  {
    group: NET,
    version: 'v1',
    kind: 'DestinationRule',
    plural: 'DestinationRules',
    icon: 'target',
    summarize: destinationRule,
  },
  { group: NET, version: 'v1', kind: 'Gateway', plural: 'Gateways', icon: 'globe', summarize: gateway },
  {
    group: NET,
    version: 'v1',
    kind: 'ServiceEntry',
    plural: 'ServiceEntries',
    icon: 'link-external',
    summarize: serviceEntry,
  },
  {
    group: NET,
    version: 'v1',
    kind: 'Sidecar',
    plural: 'Sidecars',
    icon: 'split-horizontal',
    summarize: sidecar,
  },
  {
    group: SEC,
    version: 'v1',
    kind: 'PeerAuthentication',
    plural: 'PeerAuthentications',
    icon: 'lock',
    summarize: peerAuthentication,
  },
  {
    group: SEC,
    version: 'v1',
    kind: 'AuthorizationPolicy',
    plural: 'AuthorizationPolicies',
    icon: 'shield',
    summarize: authorizationPolicy,
  },
  {
    group: SEC,
    version: 'v1',
    kind: 'RequestAuthentication',
    plural: 'RequestAuthentications',
    icon: 'key',
    summarize: requestAuthentication,
  },
  {
    group: 'telemetry.istio.io',
    version: 'v1',
    kind: 'Telemetry',
    plural: 'Telemetries',
    icon: 'graph',
    summarize: telemetry,
  },
  {
    group: NET,
    version: 'v1alpha3',
    kind: 'EnvoyFilter',
    plural: 'EnvoyFilters',
    icon: 'filter',
    summarize: envoyFilter,
  },
  {
    group: NET,
    version: 'v1',
    kind: 'WorkloadEntry',
    plural: 'WorkloadEntries',
    icon: 'vm-outline',
    summarize: generic,
  },
  {
    group: NET,
    version: 'v1',
    kind: 'WorkloadGroup',
    plural: 'WorkloadGroups',
    icon: 'vm-outline',
    summarize: generic,
  },
  {
    group: 'extensions.istio.io',
    version: 'v1alpha1',
    kind: 'WasmPlugin',
    plural: 'WasmPlugins',
    icon: 'extensions',
    summarize: generic,
  },
];

function itemNode(
  parentId: string,
  k: IstioKind,
  o: KubeObject,
  view: NamespaceView,
  index: MeshIndex,
): ExplorerNode {
  const name = nameOf(o);
  const id = nodeId(parentId, name);
  const s = k.summarize(o, view, index, id);
  return {
    id,
    kind: 'config',
    label: name,
    description: s.description,
    tooltip: [`**${k.kind}** \`${view.name}/${name}\``, ...s.details].join('\n\n'),
    icon: s.severity === 'warning' || s.severity === 'error' ? 'warning' : k.icon,
    contextValue: `meshwright.resource.${k.kind.toLowerCase()}${s.contextSuffix ?? ''}`,
    severity: s.severity,
    resource: refOf(o, `${k.group}/${k.version}`, k.kind),
    children: s.children?.length ? s.children : undefined,
  };
}

/** The "Istio config" group node of a namespace: one sub-group per kind present (or not readable). */
export function istioGroup(view: NamespaceView, index: MeshIndex): ExplorerNode {
  const id = nodeId(view.id, 'istio');
  const children: ExplorerNode[] = [];
  let total = 0;
  for (const k of ISTIO_KINDS) {
    const key = resourceKey(k.group, k.kind);
    const kid = nodeId(id, k.kind);
    const forbidden = view.forbidden(key);
    const objs = view.list(key);
    if (!forbidden && objs.length === 0) continue;
    const items = forbidden
      ? [noAccessNode(kid, view.snapshot, key, k.plural)]
      : objs.map((o) => itemNode(kid, k, o, view, index)).sort(byName);
    total += forbidden ? 0 : items.length;
    const flagged = items.filter((i) => i.severity === 'warning' || i.severity === 'error').length;
    children.push({
      id: kid,
      kind: 'kindGroup',
      label: k.plural,
      description: forbidden ? 'no access' : String(items.length) + (flagged ? ` · ${flagged} ⚠` : ''),
      tooltip: `${k.plural} (\`${k.group}\`) in \`${view.name}\``,
      icon: k.icon,
      contextValue: `meshwright.kind.${k.kind.toLowerCase()}`,
      children: items,
    });
  }
  return {
    id,
    kind: 'group',
    label: 'Istio config',
    description: String(total),
    tooltip: `Istio resources in \`${view.name}\`, grouped by kind`,
    icon: 'settings-gear',
    contextValue: 'meshwright.group.istio',
    children: children.length ? children : [messageNode(id, 'none', 'no Istio config')],
  };
}
