/**
 * meshwright.AllowNothingAnalyzer — MW0008: an ALLOW AuthorizationPolicy (the default action) with no
 * rules. A policy without rules matches no request, and once an ALLOW policy applies to a workload,
 * requests that no ALLOW policy matches are denied: this policy DENIES EVERY REQUEST to the workloads
 * it selects (the whole mesh from the root namespace, the whole namespace without a selector). That is
 * the documented "allow-nothing" baseline when meant, and an outage when `rules` was forgotten or
 * mis-indented. `rules: [{}]` (one empty rule) would allow everything instead. Policies in dry-run
 * (`istio.io/dry-run: "true"`) are not enforced and are left alone.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asLabels, asRecord, get } from '../../workspace/resource';
import { formatLabels } from './lookup';

export const allowNothingAnalyzer: Analyzer = {
  name: 'meshwright.AllowNothingAnalyzer',
  analyze(ctx, report) {
    for (const ap of ctx.index.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      const spec = asRecord(get(ap.value, 'spec'));
      const action = spec.action ?? 'ALLOW';
      if (action !== 'ALLOW') continue;
      if (
        asArray(spec.rules).length ||
        (spec.rules !== undefined && spec.rules !== null && !Array.isArray(spec.rules))
      )
        continue;
      if (asLabels(get(ap.value, 'metadata', 'annotations'))['istio.io/dry-run'] === 'true') continue;
      const selector = asLabels(get(spec, 'selector', 'matchLabels'));
      const targets = [...asArray(spec.targetRefs), ...(spec.targetRef ? [spec.targetRef] : [])];
      let scope: string;
      if (Object.keys(selector).length)
        scope = `the workloads labelled ${formatLabels(selector)} in namespace ${ap.namespace}`;
      else if (targets.length) {
        scope = `${targets.map((t) => `${String(get(t, 'kind') ?? '?')} ${String(get(t, 'name') ?? '?')}`).join(', ')}`;
      } else if (ap.namespace === ctx.meshConfig.rootNamespace) {
        scope = `every workload in the mesh (root namespace ${ap.namespace})`;
      } else scope = `every workload in namespace ${ap.namespace}`;
      report({
        message: 'MW0008',
        resource: ap,
        path: spec.action !== undefined ? ['spec', 'action'] : ['metadata', 'name'],
        text: `This ALLOW policy has no rules, so it matches no request and DENIES ALL REQUESTS to ${scope} (unless another ALLOW policy allows them). Keep it only as a deliberate allow-nothing baseline; add rules to allow traffic (rules: [{}] allows everything).`,
      });
    }
  },
};
