import type { Analyzer } from '../../analysis/analyzer';

/** The destinationrule analyzers (istio's analyzers/destinationrule package). */
export const destinationruleAnalyzers: readonly Analyzer[] = [];
