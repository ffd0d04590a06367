/**
 * telemetry.LightstepAnalyzer — IST0002 Deprecated when a Telemetry's tracing uses an extension provider
 * that the mesh config defines with the deprecated `lightstep` type (use OpenTelemetry instead).
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asString, get } from '../../workspace/resource';

export const lightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  analyze(ctx, report) {
    const lightstep = new Set<string>();
    for (const provider of asArray(ctx.meshConfig.raw.extensionProviders)) {
      const name = asString(get(provider, 'name'));
      if (name !== undefined && isPresent(get(provider, 'lightstep'))) lightstep.add(name);
    }
    if (lightstep.size === 0) return;
    for (const t of ctx.index.ofKind('Telemetry', 'telemetry.istio.io')) {
      asArray(get(t.value, 'spec', 'tracing')).forEach((tracing, i) => {
        asArray(get(tracing, 'providers')).forEach((p, j) => {
          const name = asString(get(p, 'name'));
          if (name === undefined || !lightstep.has(name)) return;
          report({
            message: 'Deprecated',
            resource: t,
            path: ['spec', 'tracing', i, 'providers', j, 'name'],
            text:
              `Tracing provider '${name}' is a Lightstep provider, which is deprecated: ` +
              'switch to an OpenTelemetry provider',
          });
        });
      });
    }
  },
};

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}
