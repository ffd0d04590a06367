import type { Analyzer } from '../../analysis/analyzer';

/** The serviceentry analyzers (istio's analyzers/serviceentry package). */
export const serviceentryAnalyzers: readonly Analyzer[] = [];
