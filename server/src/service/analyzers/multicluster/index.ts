import type { Analyzer } from '../../analysis/analyzer';

/** The multicluster analyzers (istio's analyzers/multicluster package). */
export const multiclusterAnalyzers: readonly Analyzer[] = [];
