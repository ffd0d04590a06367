import type { Analyzer } from '../../analysis/analyzer';
import { blockedCidrsAnalyzer } from './blocked-cidrs-analyzer';

/** The authn analyzers (istio's analyzers/authn package). */
export const authnAnalyzers: readonly Analyzer[] = [blockedCidrsAnalyzer];
