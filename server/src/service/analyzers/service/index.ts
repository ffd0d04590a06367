import type { Analyzer } from '../../analysis/analyzer';
import { portNameAnalyzer } from './port-name-analyzer';

/** The service analyzers (istio's analyzers/service package). */
export const serviceAnalyzers: readonly Analyzer[] = [portNameAnalyzer];
