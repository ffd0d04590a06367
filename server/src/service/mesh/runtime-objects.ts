/**
 * The pods, services and namespaces that selector-based analyzers match against, as istioctl analyze
 * sees them: the workspace's Pods and the pod templates of its workload controllers, plus either the
 * live cluster (when connected) or, for files-only analysis, the stand-in ingress gateway istioctl
 * adds by default (an `istio-ingressgateway-dummypod` Pod and its `istio-ingressgateway` Service in
 * istio-system), so Gateways selecting `istio: ingressgateway` are not reported for lack of a workload.
 */
import type { AnalysisContext } from '../analysis/analyzer';
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../workspace/resource';
import { isListKind, listItems, ofKindWithListItems } from './list-items';
import { labelsMatch, workloads } from './selectors';

/** The namespace istioctl installs Istio into (its `--istioNamespace` default). */
export const ISTIO_NAMESPACE = 'istio-system';
/** Workload controllers whose pod template `workloads` (selectors.ts) reads. */
const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
const DEFAULT_INGRESS_SERVICE = 'istio-ingressgateway';
const DEFAULT_INGRESS_LABELS: Readonly<Record<string, string>> = { istio: 'ingressgateway' };
const DEFAULT_INGRESS_PORTS: readonly ServicePort[] = [
  { port: 80, targetPort: 80, protocol: 'TCP' },
  { port: 443, targetPort: 443, protocol: 'TCP' },
  { port: 31400, targetPort: 31400, protocol: 'TCP' },
  { port: 15443, targetPort: 15443, protocol: 'TCP' },
];

export type RuntimeSource = 'workspace' | 'cluster' | 'default';

export interface RuntimePod {
  /** A Pod's name, or the name of the workload controller whose pod template this is. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source: RuntimeSource;
  /** The Pod or workload controller in the workspace (absent for cluster and default pods). */
  resource?: MeshResource;
}

export interface ServicePort {
  port: number;
  /** The numeric target port; absent when unset or named. */
  targetPort?: number;
  /** As written; Kubernetes defaults an absent protocol to TCP. */
  protocol: string;
}

export interface RuntimeService {
  name: string;
  namespace: string;
  /** The Service's pod selector; a Service without one selects no pods. */
  selector: Record<string, string>;
  ports: ServicePort[];
  source: RuntimeSource;
  resource?: MeshResource;
}

export interface RuntimeNamespace {
  name: string;
  labels: Record<string, string>;
  resource?: MeshResource;
}

/** Whether istioctl's stand-in ingress gateway applies: files-only analysis with ingress enabled. */
function defaultIngressEnabled(ctx: AnalysisContext): boolean {
  if (ctx.cluster) return false;
  const mode = ctx.meshConfig.raw.ingressControllerMode;
  return mode !== 'OFF' && mode !== false;
}

function defaultIngressName(ctx: AnalysisContext): string {
  return asString(ctx.meshConfig.raw.ingressService) || DEFAULT_INGRESS_SERVICE;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Computes once per analysis run (one context), however many analyzers ask. */
function perContext<T>(compute: (ctx: AnalysisContext) => T): (ctx: AnalysisContext) => T {
  const memo = new WeakMap<AnalysisContext, T>();
  return (ctx) => {
    if (!memo.has(ctx)) memo.set(ctx, compute(ctx));
    return memo.get(ctx)!;
  };
}

/** Pods and pod templates, in file order, then live or default pods. */
export const runtimePods: (ctx: AnalysisContext) => readonly RuntimePod[] = perContext(computePods);

function computePods(ctx: AnalysisContext): RuntimePod[] {
  const out: RuntimePod[] = workloads(ctx.index).map((w) => ({
    name: w.resource.name,
    namespace: w.namespace,
    labels: w.labels,
    annotations: w.annotations,
    source: 'workspace',
    resource: w.resource,
  }));
  out.push(...listItemPods(ctx));
  const seen = new Set(out.map((p) => key(p.namespace, p.name)));
  for (const pod of ctx.cluster?.pods ?? []) {
    if (seen.has(key(pod.namespace, pod.name))) continue;
    out.push({
      name: pod.name,
      namespace: pod.namespace,
      labels: { ...pod.labels },
      annotations: {},
      source: 'cluster',
    });
  }
  if (defaultIngressEnabled(ctx)) {
    out.push({
      name: `${defaultIngressName(ctx)}-dummypod`,
      namespace: ISTIO_NAMESPACE,
      labels: { ...DEFAULT_INGRESS_LABELS },
      annotations: {},
      source: 'default',
    });
  }
  return out;
}

/** Pods and pod templates inside List documents (the same kinds `workloads` reads from the index). */
function listItemPods(ctx: AnalysisContext): RuntimePod[] {
  const out: RuntimePod[] = [];
  for (const item of ctx.index.ofKindsMatching(isListKind).flatMap(listItems)) {
    const meta = item.kind === 'Pod' ? get(item.value, 'metadata') : undefined;
    const template = CONTROLLER_KINDS.includes(item.kind)
      ? get(item.value, 'spec', 'template', 'metadata')
      : undefined;
    const source = meta ?? template;
    if (source === undefined) continue;
    out.push({
      name: item.name,
      namespace: item.namespace,
      labels: asLabels(get(source, 'labels')),
      annotations: asLabels(get(source, 'annotations')),
      source: 'workspace',
      resource: item,
    });
  }
  return out;
}

/** Services in file order, then live or default services. */
export const runtimeServices: (ctx: AnalysisContext) => readonly RuntimeService[] =
  perContext(computeServices);

function computeServices(ctx: AnalysisContext): RuntimeService[] {
  const out: RuntimeService[] = ofKindWithListItems(ctx.index, 'Service', '').map((svc) => ({
    name: svc.name,
    namespace: svc.namespace,
    selector: asLabels(get(svc.value, 'spec', 'selector')),
    ports: asArray(get(svc.value, 'spec', 'ports')).map(servicePort),
    source: 'workspace',
    resource: svc,
  }));
  const seen = new Set(out.map((s) => key(s.namespace, s.name)));
  for (const svc of ctx.cluster?.services ?? []) {
    if (seen.has(key(svc.namespace, svc.name))) continue;
    out.push({
      name: svc.name,
      namespace: svc.namespace,
      selector: { ...svc.selector },
      ports: svc.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
      source: 'cluster',
    });
  }
  if (defaultIngressEnabled(ctx)) {
    out.push({
      name: defaultIngressName(ctx),
      namespace: ISTIO_NAMESPACE,
      selector: { ...DEFAULT_INGRESS_LABELS },
      ports: DEFAULT_INGRESS_PORTS.map((p) => ({ ...p })),
      source: 'default',
    });
  }
  return out;
}

function servicePort(value: unknown): ServicePort {
  const p = asRecord(value);
  const port = toPortNumber(p.port) ?? 0;
  const targetPort = toPortNumber(p.targetPort);
  return { port, ...(targetPort !== undefined && { targetPort }), protocol: asString(p.protocol) ?? 'TCP' };
}

/** A port given as a number or a numeric string; named ports give undefined. */
function toPortNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Whether a Service selects a pod: same namespace, and a non-empty selector the pod's labels satisfy. */
export function serviceSelectsPod(svc: RuntimeService, pod: RuntimePod): boolean {
  return (
    svc.namespace === pod.namespace &&
    Object.keys(svc.selector).length > 0 &&
    labelsMatch(svc.selector, pod.labels)
  );
}

/** Namespaces of the workspace, then the live cluster's. */
export function runtimeNamespaces(ctx: AnalysisContext): Map<string, RuntimeNamespace> {
  const out = new Map<string, RuntimeNamespace>();
  for (const ns of ofKindWithListItems(ctx.index, 'Namespace', '')) {
    if (!out.has(ns.name)) {
      out.set(ns.name, {
        name: ns.name,
        labels: asLabels(get(ns.value, 'metadata', 'labels')),
        resource: ns,
      });
    }
  }
  for (const ns of ctx.cluster?.namespaces ?? []) {
    if (!out.has(ns.name)) out.set(ns.name, { name: ns.name, labels: { ...ns.labels } });
  }
  return out;
}

/** A label map as Kubernetes prints a selector: `k1=v1,k2=v2`, keys sorted. */
export function formatSelector(selector: Record<string, string>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

/** Where a pod comes from, for messages: `pod default/x`, `Deployment default/y`, `the live pod …`. */
export function describePod(pod: RuntimePod): string {
  const id = `${pod.namespace}/${pod.name}`;
  if (pod.source === 'cluster') return `live pod ${id}`;
  if (pod.source === 'default') return `istioctl's default ingress gateway pod ${id}`;
  return `${pod.resource?.kind === 'Pod' ? 'pod' : (pod.resource?.kind ?? 'pod')} ${id}`;
}
