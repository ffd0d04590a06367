import type { Analyzer } from '../../analysis/analyzer';
import { meshNetworksAnalyzer } from './mesh-networks-analyzer';

/** The multicluster analyzers (istio's analyzers/multicluster package). */
export const multiclusterAnalyzers: readonly Analyzer[] = [meshNetworksAnalyzer];
