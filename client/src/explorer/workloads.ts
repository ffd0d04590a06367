/** The Workloads group: Deployments, StatefulSets and DaemonSets with their pods, and bare pods. */
import { asArray, asNumber, asString, byName, dig, labelsOf, md, nameOf, refOf, resourceKey } from './kube';
import { expectsSidecar, type NamespaceView } from './namespace';
import { messageNode, noAccessNode, nodeId, worst } from './nodes';
import type { ExplorerNode, KubeObject } from './types';

const POD = resourceKey('', 'Pod');
const WORKLOAD_KINDS = [
  { key: resourceKey('apps', 'Deployment'), kind: 'Deployment', plural: 'Deployments', icon: 'package' },
  { key: resourceKey('apps', 'StatefulSet'), kind: 'StatefulSet', plural: 'StatefulSets', icon: 'database' },
  { key: resourceKey('apps', 'DaemonSet'), kind: 'DaemonSet', plural: 'DaemonSets', icon: 'server' },
] as const;

/** True when the pod runs an `istio-proxy` container (classic or native sidecar). */
export function hasProxy(pod: KubeObject): boolean {
  const named = (c: unknown) => asString(dig(c, 'name')) === 'istio-proxy';
  return (
    asArray(dig(pod.spec, 'containers')).some(named) || asArray(dig(pod.spec, 'initContainers')).some(named)
  );
}

/**
 * The controlling workload of a pod as `Kind/name`: a StatefulSet/DaemonSet owner directly, or the
 * Deployment behind a ReplicaSet owner (the ReplicaSet name minus its `-<pod-template-hash>` suffix).
 */
export function ownerOf(pod: KubeObject): string | undefined {
  const refs = asArray(pod.metadata.ownerReferences);
  const owner = refs.find((r) => dig(r, 'controller') === true) ?? refs[0];
  const name = asString(dig(owner, 'name'));
  const kind = asString(dig(owner, 'kind'));
  if (!name || !kind) return undefined;
  if (kind === 'ReplicaSet') {
    const hash = labelsOf(pod)['pod-template-hash'];
    if (hash && name.endsWith(`-${hash}`)) return `Deployment/${name.slice(0, -hash.length - 1)}`;
    return `ReplicaSet/${name}`;
  }
  return `${kind}/${name}`;
}

interface PodInfo {
  phase: string;
  ready: number;
  total: number;
  restarts: number;
  /** a waiting/terminated reason worth showing (CrashLoopBackOff, ImagePullBackOff, Error…) */
  problem?: string;
  proxy: boolean;
}

function podInfo(pod: KubeObject): PodInfo {
  const statuses = asArray(dig(pod.status, 'containerStatuses'));
  let ready = 0;
  let restarts = 0;
  let problem: string | undefined;
  for (const c of statuses) {
    if (dig(c, 'ready') === true) ready++;
    restarts += asNumber(dig(c, 'restartCount')) ?? 0;
    problem ??=
      asString(dig(c, 'state', 'waiting', 'reason')) ?? asString(dig(c, 'state', 'terminated', 'reason'));
  }
  if (problem === 'ContainerCreating' || problem === 'PodInitializing' || problem === 'Completed')
    problem = undefined;
  return {
    phase: asString(dig(pod.status, 'phase')) ?? 'Unknown',
    ready,
    total: Math.max(statuses.length, asArray(dig(pod.spec, 'containers')).length),
    restarts,
    problem,
    proxy: hasProxy(pod),
  };
}

function podNode(parentId: string, pod: KubeObject, view: NamespaceView): ExplorerNode {
  const info = podInfo(pod);
  const name = nameOf(pod);
  const missingProxy = !info.proxy && expectsSidecar(view.injection, pod.metadata);
  const status = info.problem ?? info.phase;
  const failed = info.problem !== undefined || info.phase === 'Failed';
  const notes: string[] = [];
  if (missingProxy)
    notes.push(
      `$(warning) No istio-proxy although namespace \`${view.name}\` has \`${view.injection.text}\`.`,
    );
  if (failed) notes.push(`$(error) ${md(status)}`);
  return {
    id: nodeId(parentId, 'Pod', name),
    kind: 'pod',
    label: name,
    description:
      `${status} · ${info.ready}/${info.total} · ${info.restarts} restart${info.restarts === 1 ? '' : 's'} · ` +
      (info.proxy ? 'istio-proxy' : 'no istio-proxy'),
    tooltip:
      `**Pod** \`${name}\`\n\n| | |\n|---|---|\n| Phase | ${md(info.phase)} |\n| Ready | ${info.ready}/${info.total} |\n` +
      `| Restarts | ${info.restarts} |\n| istio-proxy | ${info.proxy ? 'yes' : 'no'} |` +
      (notes.length ? `\n\n${notes.join('\n\n')}` : ''),
    icon: failed ? 'error' : missingProxy ? 'warning' : info.phase === 'Running' ? 'vm-running' : 'vm',
    contextValue: `meshwright.resource.pod${info.proxy ? '.proxy' : ''}`,
    severity: worst(failed ? 'error' : undefined, missingProxy ? 'warning' : undefined),
    resource: refOf(pod, 'v1', 'Pod'),
  };
}

function desiredReady(kind: string, w: KubeObject): { desired: number; ready: number } {
  if (kind === 'DaemonSet') {
    return {
      desired: asNumber(dig(w.status, 'desiredNumberScheduled')) ?? 0,
      ready: asNumber(dig(w.status, 'numberReady')) ?? 0,
    };
  }
  return {
    desired: asNumber(dig(w.spec, 'replicas')) ?? 1,
    ready: asNumber(dig(w.status, 'readyReplicas')) ?? 0,
  };
}

/** Version labels of a workload (pod template first): `version`, then `app.kubernetes.io/version`. */
function versionOf(w: KubeObject): string | undefined {
  const t = dig(w.spec, 'template', 'metadata', 'labels') as Record<string, string> | undefined;
  const l = labelsOf(w);
  return t?.version ?? l.version ?? t?.['app.kubernetes.io/version'] ?? l['app.kubernetes.io/version'];
}

/** The Workloads group node of a namespace. */
export function workloadsGroup(view: NamespaceView): ExplorerNode {
  const id = nodeId(view.id, 'workloads');
  const podsForbidden = view.forbidden(POD);
  const podsByOwner = new Map<string, KubeObject[]>();
  for (const p of view.list(POD)) {
    const owner = ownerOf(p) ?? '';
    let list = podsByOwner.get(owner);
    if (!list) podsByOwner.set(owner, (list = []));
    list.push(p);
  }
  const children: ExplorerNode[] = [];
  const claimed = new Set<string>();
  for (const wk of WORKLOAD_KINDS) {
    if (view.forbidden(wk.key)) {
      children.push(noAccessNode(id, view.snapshot, wk.key, wk.plural));
      continue;
    }
    for (const w of view.list(wk.key)) {
      const name = nameOf(w);
      const ownerKey = `${wk.kind}/${name}`;
      claimed.add(ownerKey);
      const wid = nodeId(id, wk.kind, name);
      const podObjects = podsByOwner.get(ownerKey) ?? [];
      const pods = podObjects.map((p) => podNode(wid, p, view)).sort(byName);
      const { desired, ready } = desiredReady(wk.kind, w);
      const version = versionOf(w);
      const noProxy = podObjects.filter((p) => !hasProxy(p) && expectsSidecar(view.injection, p.metadata));
      const notReady = ready < desired;
      // unreadable pods: a single "no access" node at group level, workloads become leaves
      const podChildren = podsForbidden
        ? undefined
        : pods.length
          ? pods
          : [messageNode(wid, 'no-pods', 'no pods')];
      const notes: string[] = [];
      if (noProxy.length)
        notes.push(
          `$(warning) ${noProxy.length} of ${pods.length} pod${pods.length === 1 ? '' : 's'} run without istio-proxy` +
            ` although namespace \`${view.name}\` has \`${view.injection.text}\`.`,
        );
      if (notReady) notes.push(`$(warning) Only ${ready} of ${desired} replicas are ready.`);
      children.push({
        id: wid,
        kind: 'workload',
        label: name,
        description: [version, `${ready}/${desired}`, noProxy.length ? 'no istio-proxy' : undefined]
          .filter(Boolean)
          .join(' · '),
        tooltip:
          `**${wk.kind}** \`${name}\`` +
          (version ? ` · version \`${version}\`` : '') +
          `\n\nReady ${ready}/${desired}` +
          (notes.length ? `\n\n${notes.join('\n\n')}` : ''),
        icon: noProxy.length || notReady ? 'warning' : wk.icon,
        contextValue: `meshwright.resource.${wk.kind.toLowerCase()}`,
        severity: worst(
          noProxy.length || notReady ? 'warning' : undefined,
          pods.some((p) => p.severity === 'error') ? 'warning' : undefined,
        ),
        resource: refOf(w, 'apps/v1', wk.kind),
        children: podChildren,
      });
    }
  }
  // pods not owned by a listed workload (bare pods, Jobs, ReplicaSets without a Deployment…)
  for (const [owner, pods] of podsByOwner) {
    if (claimed.has(owner)) continue;
    for (const p of pods) children.push(podNode(id, p, view));
  }
  children.sort((a, b) => byName(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (podsForbidden) children.push(noAccessNode(id, view.snapshot, POD, 'Pods'));
  const warnings = children.filter((c) => c.severity === 'warning' || c.severity === 'error').length;
  return {
    id,
    kind: 'group',
    label: 'Workloads',
    description:
      `${children.filter((c) => c.kind === 'workload').length}` + (warnings ? ` · ${warnings} ⚠` : ''),
    tooltip: `Workloads in \`${view.name}\` (${view.injection.text})`,
    icon: 'layers',
    contextValue: 'meshwright.group.workloads',
    children: children.length ? children : [messageNode(id, 'none', 'no workloads')],
  };
}
