/** Per-namespace view of a snapshot and the namespace's sidecar injection state. */
import { accessOf, asLabels, labelsOf } from './kube';
import type { ClusterSnapshot, KubeObject, ResourceKey } from './types';

/** How workloads in a namespace get their data plane. */
export interface Injection {
  mode: 'sidecar' | 'revision' | 'ambient' | 'disabled' | 'none';
  /** short text for the namespace description, e.g. `istio-injection=enabled` */
  text: string;
}

/** Reads the namespace labels Istio uses to select injection (sidecar wins over ambient, as in Istio). */
export function injectionOf(labels: Record<string, string>): Injection {
  const inj = labels['istio-injection'];
  const rev = labels['istio.io/rev'];
  if (inj === 'disabled') return { mode: 'disabled', text: 'istio-injection=disabled' };
  if (inj === 'enabled') return { mode: 'sidecar', text: 'istio-injection=enabled' };
  if (rev) return { mode: 'revision', text: `istio.io/rev=${rev}` };
  if (labels['istio.io/dataplane-mode'] === 'ambient')
    return { mode: 'ambient', text: 'istio.io/dataplane-mode=ambient' };
  return { mode: 'none', text: 'no injection' };
}

/** True when a pod (or pod template) with these labels/annotations is expected to get an istio-proxy. */
export function expectsSidecar(ns: Injection, meta: Readonly<Record<string, unknown>>): boolean {
  const labels = asLabels(meta.labels);
  const annotations = asLabels(meta.annotations);
  const opt = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (opt === 'false') return false;
  if (ns.mode === 'sidecar' || ns.mode === 'revision') return true;
  if (ns.mode === 'disabled') return false;
  return opt === 'true' || (ns.mode === 'none' && labels['istio.io/rev'] !== undefined);
}

/** The objects of one namespace, by resource type, plus what is needed to render its groups. */
export class NamespaceView {
  readonly injection: Injection;

  constructor(
    readonly snapshot: ClusterSnapshot,
    readonly name: string,
    readonly id: string,
    private readonly objects: ReadonlyMap<ResourceKey, KubeObject[]>,
    namespaceObject: KubeObject | undefined,
  ) {
    this.injection = injectionOf(namespaceObject ? labelsOf(namespaceObject) : {});
  }

  /** Objects of a type in this namespace (unsorted). */
  list(key: ResourceKey): readonly KubeObject[] {
    return this.objects.get(key) ?? [];
  }

  forbidden(key: ResourceKey): boolean {
    return accessOf(this.snapshot, key) === 'forbidden';
  }
}
