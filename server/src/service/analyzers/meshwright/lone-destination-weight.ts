/**
 * meshwright.LoneDestinationWeightAnalyzer — MW0002: a weight other than 100 on the only destination
 * of a VirtualService route. Istio ignores the weight of a lone destination and sends it all traffic,
 * so `weight: 20` there usually means a canary split whose other half was forgotten.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asRecord, get } from '../../workspace/resource';
import { destinationLabel } from './lookup';

export const loneDestinationWeightAnalyzer: Analyzer = {
  name: 'meshwright.LoneDestinationWeightAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      for (const protocol of ['http', 'tcp', 'tls'] as const) {
        asArray(get(vs.value, 'spec', protocol)).forEach((rule, i) => {
          const routes = asArray(get(rule, 'route'));
          if (routes.length !== 1) return;
          const weight = get(routes[0], 'weight');
          if (typeof weight !== 'number' || weight === 100) return;
          const destination = destinationLabel(asRecord(get(routes[0], 'destination')));
          report({
            message: 'MW0002',
            resource: vs,
            path: ['spec', protocol, i, 'route', 0, 'weight'],
            text: `Weight ${weight} on the only destination of this route (${destination}) has no effect: a lone destination receives all traffic (100%). Remove the weight, or add the destinations that should share the traffic.`,
          });
        });
      }
    }
  },
};
