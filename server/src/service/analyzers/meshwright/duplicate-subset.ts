/**
 * meshwright.DuplicateSubsetAnalyzer — MW0004: two subsets of one DestinationRule share a name.
 * Istio's validation rejects the rule (`duplicate subset names`), so `kubectl apply` fails.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asString, get } from '../../workspace/resource';

export const duplicateSubsetAnalyzer: Analyzer = {
  name: 'meshwright.DuplicateSubsetAnalyzer',
  analyze(ctx, report) {
    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const first = new Map<string, number>();
      asArray(get(dr.value, 'spec', 'subsets')).forEach((subset, j) => {
        const name = asString(get(subset, 'name'));
        if (!name) return;
        const earlier = first.get(name);
        if (earlier === undefined) {
          first.set(name, j);
          return;
        }
        report({
          message: 'MW0004',
          resource: dr,
          path: ['spec', 'subsets', j, 'name'],
          text: `Subset '${name}' is defined twice in this DestinationRule: Istio rejects the rule (duplicate subset names). Rename or merge one of them.`,
          related: [
            { resource: dr, path: ['spec', 'subsets', earlier, 'name'], message: `First subset '${name}'` },
          ],
        });
      });
    }
  },
};
