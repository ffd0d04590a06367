import type { Analyzer } from '../../analysis/analyzer';
import { externalControlPlaneAnalyzer } from './external-control-plane-analyzer';

/** The externalcontrolplane analyzers (istio's analyzers/externalcontrolplane package). */
export const externalcontrolplaneAnalyzers: readonly Analyzer[] = [externalControlPlaneAnalyzer];
