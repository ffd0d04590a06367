import type { Analyzer } from '../../analysis/analyzer';
import { routeWeightsAnalyzer } from './route-weights';
import { loneDestinationWeightAnalyzer } from './lone-destination-weight';
import { subsetWithoutWorkloadsAnalyzer } from './subset-without-workloads';
import { duplicateSubsetAnalyzer } from './duplicate-subset';
import { unknownDestinationPortAnalyzer } from './unknown-destination-port';
import { mtlsConflictAnalyzer } from './mtls-conflict';
import { principalFormatAnalyzer } from './principal-format';
import { allowNothingAnalyzer } from './allow-nothing';
import { invalidRegexAnalyzer } from './invalid-regex';
import { gatewayServerConflictAnalyzer } from './gateway-server-conflict';
import { perTryTimeoutAnalyzer } from './per-try-timeout';
import { sidecarEgressHostAnalyzer } from './sidecar-egress-host';
import { shortHostNamespaceAnalyzer } from './short-host-namespace';
import { denyWithoutRulesAnalyzer } from './deny-without-rules';

/** Meshwright's own checks (MW codes), beyond istio's analyzers: one module per check, in code order. */
export const meshwrightAnalyzers: readonly Analyzer[] = [
  routeWeightsAnalyzer, // MW0001
  loneDestinationWeightAnalyzer, // MW0002
  subsetWithoutWorkloadsAnalyzer, // MW0003
  duplicateSubsetAnalyzer, // MW0004
  unknownDestinationPortAnalyzer, // MW0005
  mtlsConflictAnalyzer, // MW0006
  principalFormatAnalyzer, // MW0007
  allowNothingAnalyzer, // MW0008
  invalidRegexAnalyzer, // MW0009
  gatewayServerConflictAnalyzer, // MW0010
  perTryTimeoutAnalyzer, // MW0011
  sidecarEgressHostAnalyzer, // MW0012
  shortHostNamespaceAnalyzer, // MW0013
  denyWithoutRulesAnalyzer, // MW0014
];
