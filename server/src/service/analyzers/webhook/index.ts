import type { Analyzer } from '../../analysis/analyzer';

/** The webhook analyzers (istio's analyzers/webhook package). */
export const webhookAnalyzers: readonly Analyzer[] = [];
