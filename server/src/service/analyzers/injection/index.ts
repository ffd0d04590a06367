import type { Analyzer } from '../../analysis/analyzer';

/** The injection analyzers (istio's analyzers/injection package). */
export const injectionAnalyzers: readonly Analyzer[] = [];
