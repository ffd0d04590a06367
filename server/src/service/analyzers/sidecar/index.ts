import type { Analyzer } from '../../analysis/analyzer';
import { selectorAnalyzer } from './selector-analyzer';

/** The sidecar analyzers (istio's analyzers/sidecar package). */
export const sidecarAnalyzers: readonly Analyzer[] = [selectorAnalyzer];
