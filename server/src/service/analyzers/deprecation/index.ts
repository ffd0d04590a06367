import type { Analyzer } from '../../analysis/analyzer';

/** The deprecation analyzers (istio's analyzers/deprecation package). */
export const deprecationAnalyzers: readonly Analyzer[] = [];
