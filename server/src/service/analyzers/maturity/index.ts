import type { Analyzer } from '../../analysis/analyzer';
import { alphaAnalyzer } from './alpha-analyzer';

/** The maturity analyzers (istio's analyzers/maturity package). */
export const maturityAnalyzers: readonly Analyzer[] = [alphaAnalyzer];
