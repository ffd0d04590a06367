import type { Analyzer } from '../../analysis/analyzer';

/** The sidecar analyzers (istio's analyzers/sidecar package). */
export const sidecarAnalyzers: readonly Analyzer[] = [];
