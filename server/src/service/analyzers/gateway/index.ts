import type { Analyzer } from '../../analysis/analyzer';
import { certificateAnalyzer } from './certificate-analyzer';
import { conflictingGatewayAnalyzer } from './conflicting-gateway-analyzer';
import { ingressGatewayPortAnalyzer } from './ingress-gateway-port-analyzer';
import { secretAnalyzer } from './secret-analyzer';

/** The gateway analyzers (istio's analyzers/gateway package). */
export const gatewayAnalyzers: readonly Analyzer[] = [
  certificateAnalyzer,
  conflictingGatewayAnalyzer,
  ingressGatewayPortAnalyzer,
  secretAnalyzer,
];
