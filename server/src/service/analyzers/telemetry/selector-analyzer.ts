/**
 * telemetry.SelectorAnalyzer — checks Telemetry workload selectors against the pods of their namespace:
 * - IST0101 ReferencedResourceNotFound: the selector matches no pod;
 * - IST0159 ConflictingTelemetryWorkloadSelectors: a pod is selected by more than one Telemetry
 *   (reported on each of them, once per such pod).
 * Telemetries without matchLabels are the DefaultSelectorAnalyzer's business.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { analysisPods, selectorString, type AnalysisPod } from '../../mesh/analysis-pods';
import { labelsMatch } from '../../mesh/selectors';
import { asLabels, displayName, get, type MeshResource } from '../../workspace/resource';

export const selectorAnalyzer: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  analyze(ctx, report) {
    const pods = analysisPods(ctx);
    const telemetriesByPod = new Map<AnalysisPod, MeshResource[]>();
    for (const t of ctx.index.ofKind('Telemetry', 'telemetry.istio.io')) {
      const matchLabels = asLabels(get(t.value, 'spec', 'selector', 'matchLabels'));
      if (Object.keys(matchLabels).length === 0) continue;
      const selected = pods.filter((p) => p.namespace === t.namespace && labelsMatch(matchLabels, p.labels));
      for (const pod of selected) telemetriesByPod.set(pod, [...(telemetriesByPod.get(pod) ?? []), t]);
      if (selected.length) continue;
      report({
        message: 'ReferencedResourceNotFound',
        resource: t,
        path: ['spec', 'selector', 'matchLabels', Object.keys(matchLabels)[0]!],
        text: `Referenced selector not found: no pod in namespace ${t.namespace} has labels ${selectorString(matchLabels)}`,
      });
    }
    for (const [pod, list] of telemetriesByPod) {
      if (list.length < 2) continue;
      for (const t of list) {
        const others = list.filter((o) => o !== t);
        report({
          message: 'ConflictingTelemetryWorkloadSelectors',
          resource: t,
          path: ['spec', 'selector'],
          text:
            `Pod ${pod.namespace}/${pod.name} is also selected by Telemetry ${others.map(displayName).join(', ')}; ` +
            'which one applies to it is undefined',
          related: others.map((o) => ({
            resource: o,
            path: ['spec', 'selector'],
            message: `Also selects ${pod.namespace}/${pod.name}`,
          })),
        });
      }
    }
  },
};
