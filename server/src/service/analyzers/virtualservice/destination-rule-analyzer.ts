/**
 * virtualservice.DestinationRuleAnalyzer — IST0101 when a route or mirror destination names a subset
 * that no DestinationRule for that host defines.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { hostToFqdn, serviceRefFromHost } from '../../mesh/hosts';
import { asArray, asString, get } from '../../workspace/resource';
import { mirrorDestinations, routeDestinations } from './route-destinations';

export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  analyze(ctx, report) {
    const known = new Set<string>();
    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const host = asString(get(dr.value, 'spec', 'host')) ?? '';
      const ref = serviceRefFromHost(dr.namespace, hostToFqdn(dr.namespace, host));
      for (const subset of asArray(get(dr.value, 'spec', 'subsets'))) {
        known.add(`${ref.namespace}/${ref.name}/${asString(get(subset, 'name')) ?? ''}`);
      }
    }
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      const check = (
        d: { destination: Record<string, unknown>; path: readonly (string | number)[] },
        what: string,
      ) => {
        const subset = asString(d.destination.subset);
        if (!subset) return;
        const host = asString(d.destination.host) ?? '';
        const ref = serviceRefFromHost(vs.namespace, host);
        if (known.has(`${ref.namespace}/${ref.name}/${subset}`)) return;
        report({
          message: 'ReferencedResourceNotFound',
          resource: vs,
          path: [...d.path, 'subset'],
          text: `Referenced ${what}+subset not found: ${host}+${subset} (no DestinationRule for ${host} defines subset '${subset}')`,
        });
      };
      for (const d of routeDestinations(vs.value)) check(d, 'host');
      for (const d of mirrorDestinations(vs.value)) check(d, 'mirror');
    }
  },
};
