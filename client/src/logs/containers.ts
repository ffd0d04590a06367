/**
 * Which containers of a pod a tail streams: the app containers by default, the istio-proxy sidecar and
 * init containers on request, narrowed by include/exclude regexes on the container name. A native
 * sidecar (an init container with `restartPolicy: Always`) counts as a sidecar when it is istio-proxy
 * and as an app container otherwise.
 */
import type { PodObject, StreamRef } from './types';

export interface ContainerSelection {
  includeSidecar: boolean;
  includeInit: boolean;
  /** only container names matching this */
  include?: RegExp;
  /** never container names matching this */
  exclude?: RegExp;
}

export const SIDECAR = 'istio-proxy';

/** The streams of a pod under a selection, init containers first (the order the pod runs them). */
export function selectContainers(pod: PodObject, sel: ContainerSelection): StreamRef[] {
  const base = {
    namespace: pod.metadata.namespace ?? '',
    pod: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`,
  };
  const out: StreamRef[] = [];
  const add = (name: string, init: boolean) => {
    if (name === SIDECAR && !sel.includeSidecar) return;
    if (sel.include && !sel.include.test(name)) return;
    if (sel.exclude?.test(name)) return;
    out.push({ ...base, container: name, init });
  };
  for (const c of pod.spec?.initContainers ?? []) {
    const nativeSidecar = c.restartPolicy === 'Always';
    if (nativeSidecar || sel.includeInit) add(c.name, !nativeSidecar);
  }
  for (const c of pod.spec?.containers ?? []) add(c.name, false);
  return out;
}

/** The status of a container (regular or init) of a pod. */
export function containerStatus(pod: PodObject, container: string) {
  return (
    pod.status?.containerStatuses?.find((s) => s.name === container) ??
    pod.status?.initContainerStatuses?.find((s) => s.name === container)
  );
}
