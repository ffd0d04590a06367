import type { Analyzer } from '../../analysis/analyzer';
import { crdVersionAnalyzer } from './crd-version-analyzer';
import { selectorAnalyzer } from './selector-analyzer';

/** The k8sgateway analyzers (istio's analyzers/k8sgateway package). */
export const k8sgatewayAnalyzers: readonly Analyzer[] = [crdVersionAnalyzer, selectorAnalyzer];
