import type { Analyzer } from '../../analysis/analyzer';

/** The gateway analyzers (istio's analyzers/gateway package). */
export const gatewayAnalyzers: readonly Analyzer[] = [];
