/**
 * Sidecar injection facts shared by the injection, deployment and webhook analyzers: the labels and
 * annotations that turn injection on or off, the injector ConfigMap of a revision, namespace lookup,
 * and whether a workload ends up with an `istio-proxy` container.
 */
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../workspace/resource';
import type { WorkspaceIndex } from '../workspace/index';

/** Namespace label enabling (value `enabled`) or disabling injection, the legacy way. */
export const INJECTION_LABEL = 'istio-injection';
export const INJECTION_ENABLED = 'enabled';
/** Namespace (or pod) label selecting a control plane revision, which also enables injection. */
export const REVISION_LABEL = 'istio.io/rev';
/** Namespace label enrolling the namespace in ambient mode. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const DATAPLANE_MODE_AMBIENT = 'ambient';
/** Pod label (preferred) or annotation (deprecated) turning injection on or off for one workload. */
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
/** The injected proxy container. */
export const ISTIO_PROXY = 'istio-proxy';
/** Name of the default revision's injector ConfigMap; other revisions append `-<revision>`. */
export const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';
/** The namespace of the default control plane, never itself injected. */
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';

/** Kubernetes system namespaces the injector never touches. */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export function isSystemNamespace(namespace: string): boolean {
  return IGNORED_NAMESPACES.has(namespace);
}

/** `istio-sidecar-injector` for the default revision, `istio-sidecar-injector-<rev>` otherwise. */
export function injectorConfigMapName(revision: string | undefined): string {
  return !revision || revision === 'default' ? INJECTOR_CONFIG_MAP : `${INJECTOR_CONFIG_MAP}-${revision}`;
}

export function labelsOf(resource: MeshResource): Record<string, string> {
  return asLabels(get(resource.value, 'metadata', 'labels'));
}

export function annotationsOf(resource: MeshResource): Record<string, string> {
  return asLabels(get(resource.value, 'metadata', 'annotations'));
}

/** The Namespace resource called `name` (Namespaces are cluster-scoped: any `metadata.namespace` is ignored). */
export function findNamespace(index: WorkspaceIndex, name: string): MeshResource | undefined {
  return index.ofKind('Namespace', '').find((ns) => ns.name === name);
}

/** A container of a pod spec, with its index in `containers` or `initContainers`. */
export interface ContainerRef {
  container: Record<string, unknown>;
  field: 'containers' | 'initContainers';
  index: number;
}

/** The containers (then init containers, where native sidecars live) of a pod spec. */
export function containersOf(podSpec: unknown, withInit = true): ContainerRef[] {
  const fields = withInit ? (['containers', 'initContainers'] as const) : (['containers'] as const);
  return fields.flatMap((field) =>
    asArray(get(podSpec, field)).map((c, index) => ({ container: asRecord(c), field, index })),
  );
}

/** The `istio-proxy` container with an image, if the pod spec has one (as a container or native sidecar). */
export function istioProxyContainer(podSpec: unknown, withInit = true): ContainerRef | undefined {
  return containersOf(podSpec, withInit).find(
    (c) => c.container.name === ISTIO_PROXY && !!asString(c.container.image),
  );
}

/**
 * Whether a workload runs with a sidecar, as istio's analyzers decide it: an `istio-proxy` container
 * says yes; else the pod's `sidecar.istio.io/inject` label, then annotation (`"true"` or not); else its
 * namespace's `istio-injection=enabled` label; a namespace missing from the input means no.
 */
export function workloadInMesh(
  index: WorkspaceIndex,
  namespace: string,
  podMeta: { labels: Record<string, string>; annotations: Record<string, string> },
  podSpec: unknown,
): boolean {
  if (istioProxyContainer(podSpec)) return true;
  if (SIDECAR_INJECT in podMeta.labels) return podMeta.labels[SIDECAR_INJECT] === 'true';
  if (SIDECAR_INJECT in podMeta.annotations) return podMeta.annotations[SIDECAR_INJECT] === 'true';
  const ns = findNamespace(index, namespace);
  return ns ? labelsOf(ns)[INJECTION_LABEL] === INJECTION_ENABLED : false;
}
