import type { Analyzer } from '../../analysis/analyzer';

/** The schemavalidation analyzers (istio's analyzers/schemavalidation package). */
export const schemavalidationAnalyzers: readonly Analyzer[] = [];
