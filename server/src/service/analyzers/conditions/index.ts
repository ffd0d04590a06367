import type { Analyzer } from '../../analysis/analyzer';
import { conditionAnalyzer } from './condition-analyzer';

/** The status condition analyzers (istio's analyzers/conditions package). */
export const conditionsAnalyzers: readonly Analyzer[] = [conditionAnalyzer];
