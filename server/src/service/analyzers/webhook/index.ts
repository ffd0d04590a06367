import type { Analyzer } from '../../analysis/analyzer';
import { webhookAnalyzer } from './webhook-analyzer';

/** The webhook analyzers (istio's analyzers/webhook package). */
export const webhookAnalyzers: readonly Analyzer[] = [webhookAnalyzer];
