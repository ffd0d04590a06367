import type { Analyzer } from '../../analysis/analyzer';
import { conflictingServiceEntryProtocolAnalyzer } from './conflicting-service-entry-protocol-analyzer';
import { protocolAddressesAnalyzer } from './protocol-addresses-analyzer';

/** The serviceentry analyzers (istio's analyzers/serviceentry package). */
export const serviceentryAnalyzers: readonly Analyzer[] = [
  conflictingServiceEntryProtocolAnalyzer,
  protocolAddressesAnalyzer,
];
