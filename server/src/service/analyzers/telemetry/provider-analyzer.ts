/**
 * telemetry.ProviderAnalyzer — IST0157 InvalidTelemetryProvider when a Telemetry access-logging entry
 * names no provider while the mesh config sets no default access-logging provider: the entry then
 * configures nothing. Disabled entries (`disabled: true`) need no provider.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, get } from '../../workspace/resource';

export const providerAnalyzer: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  analyze(ctx, report) {
    if (asArray(get(ctx.meshConfig.raw, 'defaultProviders', 'accessLogging')).length > 0) return;
    for (const t of ctx.index.ofKind('Telemetry', 'telemetry.istio.io')) {
      asArray(get(t.value, 'spec', 'accessLogging')).forEach((logging, i) => {
        if (get(logging, 'disabled') === true) return;
        if (asArray(get(logging, 'providers')).length > 0) return;
        report({
          message: 'InvalidTelemetryProvider',
          resource: t,
          path: ['spec', 'accessLogging', i],
          text:
            'Access logging names no provider and the mesh config has no defaultProviders.accessLogging, ' +
            'so it has no effect: add providers (e.g. envoy)',
        });
      });
    }
  },
};
