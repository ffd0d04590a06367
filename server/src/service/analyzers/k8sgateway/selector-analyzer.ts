/**
 * k8sgateway.SelectorAnalyzer — IST0166 (IneffectiveSelector) when an AuthorizationPolicy,
 * RequestAuthentication, Telemetry or WasmPlugin uses `selector` to pick the pods of a Kubernetes
 * Gateway (those labelled `gateway.networking.k8s.io/gateway-name`) in its namespace: policies bind
 * to Gateway API gateways through `targetRef(s)`, and a selector alone does not apply to them.
 * Reported once per policy and gateway.
 */
import type { Analyzer, AnalysisContext, Finding } from '../../analysis/analyzer';
import { ofKindWithListItems } from '../../mesh/list-items';
import { labelsMatch } from '../../mesh/selectors';
import { runtimePods, type RuntimePod } from '../../mesh/runtime-objects';
import { asArray, asLabels, get, type MeshResource } from '../../workspace/resource';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

const POLICY_KINDS: readonly (readonly [kind: string, group: string])[] = [
  ['AuthorizationPolicy', 'security.istio.io'],
  ['RequestAuthentication', 'security.istio.io'],
  ['Telemetry', 'telemetry.istio.io'],
  ['WasmPlugin', 'extensions.istio.io'],
];

export const selectorAnalyzer: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  analyze(ctx, report) {
    const gatewayPods = runtimePods(ctx).filter((pod) => GATEWAY_NAME_LABEL in pod.labels);
    if (!gatewayPods.length) return;
    for (const policy of policies(ctx)) checkPolicy(policy, gatewayPods, report);
  },
};

function policies(ctx: AnalysisContext): MeshResource[] {
  return POLICY_KINDS.flatMap(([kind, group]) => ofKindWithListItems(ctx.index, kind, group));
}

const isSet = (value: unknown) => value !== undefined && value !== null;

function hasTargetRef(policy: MeshResource): boolean {
  return (
    isSet(get(policy.value, 'spec', 'targetRef')) ||
    asArray(get(policy.value, 'spec', 'targetRefs')).length > 0
  );
}

function checkPolicy(
  policy: MeshResource,
  gatewayPods: readonly RuntimePod[],
  report: (f: Finding) => void,
): void {
  const selector = get(policy.value, 'spec', 'selector');
  if (!isSet(selector) || hasTargetRef(policy)) return;
  const matchLabels = asLabels(get(selector, 'matchLabels'));
  const gateways = new Set<string>();
  for (const pod of gatewayPods) {
    if (pod.namespace === policy.namespace && labelsMatch(matchLabels, pod.labels)) {
      gateways.add(pod.labels[GATEWAY_NAME_LABEL]!);
    }
  }
  for (const gateway of gateways) {
    report({
      message: 'IneffectiveSelector',
      resource: policy,
      path:
        get(selector, 'matchLabels') === undefined
          ? ['spec', 'selector']
          : ['spec', 'selector', 'matchLabels'],
      text:
        `This ${policy.kind}'s selector picks the pods of Kubernetes Gateway ${policy.namespace}/${gateway}, ` +
        `where a selector has no effect: use targetRefs (kind: Gateway, name: ${gateway}) instead`,
    });
  }
}
