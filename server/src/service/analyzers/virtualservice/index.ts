import type { Analyzer } from '../../analysis/analyzer';
import { destinationRuleAnalyzer } from './destination-rule-analyzer';

export const virtualserviceAnalyzers: readonly Analyzer[] = [destinationRuleAnalyzer];
