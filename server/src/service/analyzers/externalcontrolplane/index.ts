import type { Analyzer } from '../../analysis/analyzer';

/** The externalcontrolplane analyzers (istio's analyzers/externalcontrolplane package). */
export const externalcontrolplaneAnalyzers: readonly Analyzer[] = [];
