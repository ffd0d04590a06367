import type { Analyzer } from '../../analysis/analyzer';
import { defaultSelectorAnalyzer } from './default-selector-analyzer';
import { lightstepAnalyzer } from './lightstep-analyzer';
import { providerAnalyzer } from './provider-analyzer';
import { selectorAnalyzer } from './selector-analyzer';

/** The telemetry analyzers (istio's analyzers/telemetry package). */
export const telemetryAnalyzers: readonly Analyzer[] = [
  defaultSelectorAnalyzer,
  lightstepAnalyzer,
  providerAnalyzer,
  selectorAnalyzer,
];
