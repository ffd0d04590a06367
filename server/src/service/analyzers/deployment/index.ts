import type { Analyzer } from '../../analysis/analyzer';
import { applicationUidAnalyzer } from './application-uid-analyzer';
import { serviceAssociationAnalyzer } from './service-association-analyzer';

/** The deployment analyzers (istio's analyzers/deployment package). */
export const deploymentAnalyzers: readonly Analyzer[] = [applicationUidAnalyzer, serviceAssociationAnalyzer];
