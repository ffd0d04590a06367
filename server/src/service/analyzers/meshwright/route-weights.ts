/**
 * meshwright.RouteWeightsAnalyzer — MW0001: the weights of a VirtualService route (http, tcp or tls)
 * with several destinations do not sum to 100. Only routes that set at least one weight count: a
 * route without weights splits traffic as Istio decides. Istio does not reject such weights, it
 * normalizes them (each destination gets weight/sum) and sends nothing to a destination left without
 * a weight, so the finding spells out the split that will really happen. A total of 0 is rejected.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asRecord, get } from '../../workspace/resource';
import { destinationLabel } from './lookup';

export const routeWeightsAnalyzer: Analyzer = {
  name: 'meshwright.RouteWeightsAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      for (const protocol of ['http', 'tcp', 'tls'] as const) {
        asArray(get(vs.value, 'spec', protocol)).forEach((rule, i) => {
          const routes = asArray(get(rule, 'route'));
          if (routes.length < 2) return;
          const weights = routes.map((r) => get(r, 'weight'));
          if (!weights.some((w) => typeof w === 'number')) return;
          // Anything but whole non-negative numbers (or no weight) is for schema validation to report.
          if (weights.some((w) => w !== undefined && w !== null && !isWeight(w))) return;
          const values = weights.map((w) => (typeof w === 'number' ? w : 0));
          const sum = values.reduce((a, b) => a + b, 0);
          if (sum === 100) return;
          const path = ['spec', protocol, i, 'route'];
          if (sum === 0) {
            report({
              message: 'MW0001',
              resource: vs,
              path,
              text: 'The weights of this route sum to 0: Istio rejects a route with several destinations whose weights are all 0 (total destination weight = 0).',
            });
            return;
          }
          const split = routes
            .map((r, j) => `${destinationLabel(asRecord(get(r, 'destination')))} ${percent(values[j]!, sum)}`)
            .join(', ');
          const unweighted = weights.filter((w) => typeof w !== 'number').length;
          const note = unweighted
            ? `; ${unweighted === 1 ? 'the destination' : `${unweighted} destinations`} without a weight ${unweighted === 1 ? 'receives' : 'receive'} no traffic`
            : '';
          report({
            message: 'MW0001',
            resource: vs,
            path,
            text: `The weights of this route sum to ${sum}, not 100. Istio splits traffic in proportion: ${split}${note}.`,
          });
        });
      }
    }
  },
};

function isWeight(w: unknown): w is number {
  return typeof w === 'number' && Number.isInteger(w) && w >= 0;
}

function percent(value: number, sum: number): string {
  return `${+((value / sum) * 100).toFixed(1)}%`;
}
