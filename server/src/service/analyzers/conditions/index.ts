import type { Analyzer } from '../../analysis/analyzer';

/** The conditions analyzers (istio's analyzers/conditions package). */
export const conditionsAnalyzers: readonly Analyzer[] = [];
