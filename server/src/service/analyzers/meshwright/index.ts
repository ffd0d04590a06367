import type { Analyzer } from '../../analysis/analyzer';

/** Meshwright's own checks (MW codes), beyond istio's analyzers. */
export const meshwrightAnalyzers: readonly Analyzer[] = [];
