import type { Analyzer } from '../../analysis/analyzer';

/** The service analyzers (istio's analyzers/service package). */
export const serviceAnalyzers: readonly Analyzer[] = [];
