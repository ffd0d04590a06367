import type { Analyzer } from '../../analysis/analyzer';
import { imageAnalyzer } from './image-analyzer';
import { imageAutoAnalyzer } from './image-auto-analyzer';
import { injectionAnalyzer } from './injection-analyzer';

/** The injection analyzers (istio's analyzers/injection package). */
export const injectionAnalyzers: readonly Analyzer[] = [injectionAnalyzer, imageAnalyzer, imageAutoAnalyzer];
