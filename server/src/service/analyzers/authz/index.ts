import type { Analyzer } from '../../analysis/analyzer';
import { authorizationPoliciesAnalyzer } from './authorization-policies-analyzer';

/** The authorization analyzers (istio's analyzers/authz package). */
export const authzAnalyzers: readonly Analyzer[] = [authorizationPoliciesAnalyzer];
