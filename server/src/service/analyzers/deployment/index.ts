import type { Analyzer } from '../../analysis/analyzer';

/** The deployment analyzers (istio's analyzers/deployment package). */
export const deploymentAnalyzers: readonly Analyzer[] = [];
