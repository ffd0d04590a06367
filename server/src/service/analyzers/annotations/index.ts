import type { Analyzer } from '../../analysis/analyzer';
import { k8sAnalyzer } from './k8s-analyzer';

/** The annotations analyzers (istio's analyzers/annotations package). */
export const annotationsAnalyzers: readonly Analyzer[] = [k8sAnalyzer];
