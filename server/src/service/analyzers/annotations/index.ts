import type { Analyzer } from '../../analysis/analyzer';

/** The annotations analyzers (istio's analyzers/annotations package). */
export const annotationsAnalyzers: readonly Analyzer[] = [];
