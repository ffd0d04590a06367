/**
 * conditions.ConditionAnalyzer — IST0171 NegativeConditionStatus for the status conditions istio (or
 * the Gateway API controller) records as failures: `istio.io/WaypointBound=False` on Services and
 * ServiceEntries, `ZtunnelAccepted`/`WaypointAccepted=False` on AuthorizationPolicies (and
 * `WaypointAccepted` with reason PartiallyInvalid), `Accepted`/`Programmed`/`ResolvedRefs=False` on
 * Kubernetes Gateways and on HTTPRoute/GRPCRoute parents. Other controllers' conditions are ignored.
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asString, get, type MeshResource } from '../../workspace/resource';
import type { WorkspaceIndex } from '../../workspace/index';

const GATEWAY_API = 'gateway.networking.k8s.io';
const GATEWAY_API_NEGATIVE = ['Accepted', 'Programmed', 'ResolvedRefs'];

interface Watched {
  kind: string;
  group: string;
  /** Condition types whose status `False` is a failure. */
  negativeWhenFalse: readonly string[];
  /** Conditions live under status.parents[].conditions (routes) rather than status.conditions. */
  perParent?: boolean;
}

const WATCHED: readonly Watched[] = [
  { kind: 'Service', group: '', negativeWhenFalse: ['istio.io/WaypointBound'] },
  { kind: 'ServiceEntry', group: 'networking.istio.io', negativeWhenFalse: ['istio.io/WaypointBound'] },
  {
    kind: 'AuthorizationPolicy',
    group: 'security.istio.io',
    negativeWhenFalse: ['ZtunnelAccepted', 'WaypointAccepted'],
  },
  { kind: 'Gateway', group: GATEWAY_API, negativeWhenFalse: GATEWAY_API_NEGATIVE },
  { kind: 'HTTPRoute', group: GATEWAY_API, negativeWhenFalse: GATEWAY_API_NEGATIVE, perParent: true },
  { kind: 'GRPCRoute', group: GATEWAY_API, negativeWhenFalse: GATEWAY_API_NEGATIVE, perParent: true },
];

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  /** Path of the condition in the resource. */
  path: FieldPath;
}

export const conditionAnalyzer: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  analyze(ctx, report) {
    for (const { resource, watched } of watchedResources(ctx.index)) {
      for (const c of conditionsOf(resource, watched.perParent ?? false)) {
        const failed = c.status === 'False' && watched.negativeWhenFalse.includes(c.type);
        const partiallyInvalid =
          resource.kind === 'AuthorizationPolicy' &&
          c.type === 'WaypointAccepted' &&
          c.reason === 'PartiallyInvalid';
        // istio reports a failed PartiallyInvalid condition twice; once says it all.
        if (!failed && !partiallyInvalid) continue;
        report({
          message: 'NegativeConditionStatus',
          resource,
          path: [...c.path, partiallyInvalid && !failed ? 'reason' : 'status'],
          text:
            `Condition ${c.type} is ${c.status}` +
            (c.reason ? ` (${c.reason})` : '') +
            (c.message ? `: ${c.message}` : ''),
        });
      }
    }
  },
};

function* watchedResources(index: WorkspaceIndex): Generator<{ resource: MeshResource; watched: Watched }> {
  for (const watched of WATCHED) {
    for (const resource of index.ofKind(watched.kind, watched.group)) yield { resource, watched };
  }
}

function conditionsOf(resource: MeshResource, perParent: boolean): Condition[] {
  if (!perParent)
    return readConditions(get(resource.value, 'status', 'conditions'), ['status', 'conditions']);
  return asArray(get(resource.value, 'status', 'parents')).flatMap((parent, p) =>
    readConditions(get(parent, 'conditions'), ['status', 'parents', p, 'conditions']),
  );
}

function readConditions(list: unknown, base: FieldPath): Condition[] {
  return asArray(list).map((c, i) => ({
    type: asString(get(c, 'type')) ?? '',
    status: conditionStatus(get(c, 'status')),
    reason: asString(get(c, 'reason')) ?? '',
    message: asString(get(c, 'message')) ?? '',
    path: [...base, i],
  }));
}

/** `"False"` as written, or an unquoted YAML boolean. */
function conditionStatus(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return asString(value) ?? '';
}
