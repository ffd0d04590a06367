import type { Analyzer } from '../../analysis/analyzer';
import { envoyPatchAnalyzer } from './envoy-patch-analyzer';

/** The envoyfilter analyzers (istio's analyzers/envoyfilter package). */
export const envoyfilterAnalyzers: readonly Analyzer[] = [envoyPatchAnalyzer];
