import type { Analyzer } from '../../analysis/analyzer';

/** The maturity analyzers (istio's analyzers/maturity package). */
export const maturityAnalyzers: readonly Analyzer[] = [];
