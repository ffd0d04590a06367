import type { Analyzer } from '../../analysis/analyzer';

/** The authz analyzers (istio's analyzers/authz package). */
export const authzAnalyzers: readonly Analyzer[] = [];
