import type { Analyzer } from '../../analysis/analyzer';

/** The telemetry analyzers (istio's analyzers/telemetry package). */
export const telemetryAnalyzers: readonly Analyzer[] = [];
