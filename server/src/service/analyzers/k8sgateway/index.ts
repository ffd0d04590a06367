import type { Analyzer } from '../../analysis/analyzer';

/** The k8sgateway analyzers (istio's analyzers/k8sgateway package). */
export const k8sgatewayAnalyzers: readonly Analyzer[] = [];
