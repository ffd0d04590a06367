import type { Analyzer } from '../../analysis/analyzer';
import { conflictingMeshGatewayHostsAnalyzer } from './conflicting-mesh-gateway-hosts-analyzer';
import { destinationHostAnalyzer } from './destination-host-analyzer';
import { destinationRuleAnalyzer } from './destination-rule-analyzer';
import { gatewayAnalyzer } from './gateway-analyzer';
import { jwtClaimRouteAnalyzer } from './jwt-claim-route-analyzer';

export const virtualserviceAnalyzers: readonly Analyzer[] = [
  conflictingMeshGatewayHostsAnalyzer,
  destinationHostAnalyzer,
  destinationRuleAnalyzer,
  gatewayAnalyzer,
  jwtClaimRouteAnalyzer,
];
