import type { Analyzer } from '../../analysis/analyzer';
import { fieldAnalyzer } from './field-analyzer';

/** The deprecation analyzers (istio's analyzers/deprecation package). */
export const deprecationAnalyzers: readonly Analyzer[] = [fieldAnalyzer];
