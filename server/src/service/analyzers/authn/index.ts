import type { Analyzer } from '../../analysis/analyzer';

/** The authn analyzers (istio's analyzers/authn package). */
export const authnAnalyzers: readonly Analyzer[] = [];
