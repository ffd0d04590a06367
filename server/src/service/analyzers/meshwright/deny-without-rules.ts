/**
 * meshwright.DenyWithoutRulesAnalyzer — MW0014: a DENY or CUSTOM AuthorizationPolicy without rules.
 * A policy without rules matches no request, so it would never deny (or never call the external
 * authorizer); Istio's validation rejects it ("DENY action without `rules` is meaningless as it will
 * never be triggered"). Usually the author meant "deny everything", which is `rules: [{}]`.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asRecord, get } from '../../workspace/resource';

export const denyWithoutRulesAnalyzer: Analyzer = {
  name: 'meshwright.DenyWithoutRulesAnalyzer',
  analyze(ctx, report) {
    for (const ap of ctx.index.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      const spec = asRecord(get(ap.value, 'spec'));
      if (spec.action !== 'DENY' && spec.action !== 'CUSTOM') continue;
      if (
        asArray(spec.rules).length ||
        (spec.rules !== undefined && spec.rules !== null && !Array.isArray(spec.rules))
      )
        continue;
      const what = spec.action === 'DENY' ? 'deny anything' : 'send any request to the external authorizer';
      report({
        message: 'MW0014',
        resource: ap,
        path: ['spec', 'action'],
        text: `A ${spec.action} policy without rules matches no request, so it would never ${what}; Istio rejects it. To apply it to every request, add one empty rule: rules: [{}].`,
      });
    }
  },
};
