import type { Analyzer } from '../../analysis/analyzer';

/** The envoyfilter analyzers (istio's analyzers/envoyfilter package). */
export const envoyfilterAnalyzers: readonly Analyzer[] = [];
