/**
 * telemetry.DefaultSelectorAnalyzer — IST0160 MultipleTelemetriesWithoutWorkloadSelectors when a
 * namespace has more than one Telemetry without a workload selector (or targetRefs): each one claims to
 * be the namespace default, and which applies is undefined. Needs no pods.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { displayName, get, type MeshResource } from '../../workspace/resource';

export const defaultSelectorAnalyzer: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  analyze(ctx, report) {
    const byNamespace = new Map<string, MeshResource[]>();
    for (const t of ctx.index.ofKind('Telemetry', 'telemetry.istio.io')) {
      if (!isNamespaceDefault(t)) continue;
      byNamespace.set(t.namespace, [...(byNamespace.get(t.namespace) ?? []), t]);
    }
    for (const [namespace, list] of byNamespace) {
      if (list.length < 2) continue;
      for (const t of list) {
        const others = list.filter((o) => o !== t);
        report({
          message: 'MultipleTelemetriesWithoutWorkloadSelectors',
          resource: t,
          path: ['spec'],
          text:
            `Telemetry has no workload selector, like ${others.map(displayName).join(', ')} in namespace ` +
            `${namespace}: only one namespace-wide Telemetry takes effect; merge them or add selectors`,
          related: others.map((o) => ({ resource: o, message: 'Another namespace-wide Telemetry' })),
        });
      }
    }
  },
};

function isNamespaceDefault(t: MeshResource): boolean {
  const spec = get(t.value, 'spec');
  return ['selector', 'targetRef', 'targetRefs'].every((field) => isEmpty(get(spec, field)));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}
