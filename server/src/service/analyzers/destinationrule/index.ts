import type { Analyzer } from '../../analysis/analyzer';
import { caCertificateAnalyzer } from './ca-certificate-analyzer';
import { podNotSelectedAnalyzer } from './pod-not-selected-analyzer';

/** The destinationrule analyzers (istio's analyzers/destinationrule package). */
export const destinationruleAnalyzers: readonly Analyzer[] = [caCertificateAnalyzer, podNotSelectedAnalyzer];
