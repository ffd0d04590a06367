/**
 * What a tail follows — a workload, a service, a namespace, a pod, a label selector or a pod-name regex —
 * and its resolution into a pod predicate. Workloads and services are looked up on every resolution, so a
 * changed selector is followed; a missing one is reported, matching no pod until it appears.
 */
import type { KubeObject } from '../cluster/transport';
import {
  matchesLabels,
  parseLabelSelector,
  selectorRequirements,
  type LabelSelectorObject,
  type Requirement,
} from './label-selector';
import type { PodObject } from './types';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet';

export type LogTarget =
  | { type: 'workload'; kind: WorkloadKind; namespace: string; name: string }
  | { type: 'service'; namespace: string; name: string }
  | { type: 'namespace'; namespace: string }
  | { type: 'pod'; namespace: string; name: string }
  /** namespace omitted: all namespaces */
  | { type: 'selector'; namespace?: string; selector: string }
  | { type: 'podRegex'; namespace?: string; pattern: string };

/** Looks up a workload or service by kind (`Deployment`, `Service`, …), namespace and name. */
export type ObjectLookup = (kind: string, namespace: string, name: string) => KubeObject | undefined;

export interface TargetResolution {
  matches(pod: PodObject): boolean;
  /** why nothing can match (missing workload, service without selector, bad selector or regex) */
  problem?: string;
}

const NOTHING = (problem: string): TargetResolution => ({ matches: () => false, problem });

function bySelector(namespace: string | undefined, reqs: Requirement[]): TargetResolution {
  return {
    matches: (p) =>
      (namespace === undefined || p.metadata.namespace === namespace) &&
      matchesLabels(reqs, p.metadata.labels),
  };
}

/** The pod predicate of a target at this moment. */
export function resolveTarget(target: LogTarget, lookup: ObjectLookup): TargetResolution {
  switch (target.type) {
    case 'namespace':
      return { matches: (p) => p.metadata.namespace === target.namespace };
    case 'pod':
      return { matches: (p) => p.metadata.namespace === target.namespace && p.metadata.name === target.name };
    case 'selector':
      try {
        return bySelector(target.namespace, parseLabelSelector(target.selector));
      } catch (e) {
        return NOTHING((e as Error).message);
      }
    case 'podRegex': {
      let re: RegExp;
      try {
        re = new RegExp(target.pattern);
      } catch (e) {
        return NOTHING(`invalid pod name regex: ${(e as Error).message}`);
      }
      return {
        matches: (p) =>
          (target.namespace === undefined || p.metadata.namespace === target.namespace) &&
          re.test(p.metadata.name ?? ''),
      };
    }
    case 'service': {
      const svc = lookup('Service', target.namespace, target.name) as
        (KubeObject & { spec?: { selector?: Record<string, string> } }) | undefined;
      if (!svc) return NOTHING(`service ${target.namespace}/${target.name} not found`);
      const sel = svc.spec?.selector;
      if (!sel || !Object.keys(sel).length) return NOTHING(`service ${target.name} has no pod selector`);
      return bySelector(target.namespace, selectorRequirements(sel));
    }
    case 'workload': {
      const w = lookup(target.kind, target.namespace, target.name) as
        (KubeObject & { spec?: { selector?: LabelSelectorObject } }) | undefined;
      if (!w) return NOTHING(`${target.kind} ${target.namespace}/${target.name} not found`);
      const reqs = selectorRequirements(w.spec?.selector ?? {});
      if (!reqs.length) return NOTHING(`${target.kind} ${target.name} has no pod selector`);
      return bySelector(target.namespace, reqs);
    }
  }
}

/** A short title: `deployment reviews-v1 (bookinfo)`, `app=web (all namespaces)`. */
export function describeTarget(t: LogTarget): string {
  const where = (ns: string | undefined) => (ns === undefined ? 'all namespaces' : ns);
  switch (t.type) {
    case 'workload':
      return `${t.kind.toLowerCase()} ${t.name} (${t.namespace})`;
    case 'service':
      return `service ${t.name} (${t.namespace})`;
    case 'namespace':
      return `namespace ${t.namespace}`;
    case 'pod':
      return `pod ${t.name} (${t.namespace})`;
    case 'selector':
      return `${t.selector} (${where(t.namespace)})`;
    case 'podRegex':
      return `/${t.pattern}/ (${where(t.namespace)})`;
  }
}

/** The target of an explorer resource (Deployment, StatefulSet, DaemonSet, ReplicaSet, Service, Pod, Namespace). */
export function targetOfResource(ref: {
  kind: string;
  namespace?: string;
  name: string;
}): LogTarget | undefined {
  switch (ref.kind) {
    case 'Namespace':
      return { type: 'namespace', namespace: ref.name };
    case 'Pod':
      return ref.namespace ? { type: 'pod', namespace: ref.namespace, name: ref.name } : undefined;
    case 'Service':
      return ref.namespace ? { type: 'service', namespace: ref.namespace, name: ref.name } : undefined;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return ref.namespace
        ? { type: 'workload', kind: ref.kind, namespace: ref.namespace, name: ref.name }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * A typed target: a label selector when it has the selector syntax (`=`, `!=`, ` in (`, ` notin (`),
 * otherwise a pod-name regex. `namespace` undefined: all namespaces.
 */
export function parseTypedTarget(text: string, namespace: string | undefined): LogTarget {
  const t = text.trim();
  return /=|\s(not)?in\s*\(/.test(t)
    ? { type: 'selector', namespace, selector: t }
    : { type: 'podRegex', namespace, pattern: t };
}
