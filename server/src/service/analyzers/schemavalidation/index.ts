import type { Analyzer } from '../../analysis/analyzer';
import { collectionValidationAnalyzer } from './collection-validation-analyzer';

/** The schema validation analyzers (istio's analyzers/schema package). */
export const schemavalidationAnalyzers: readonly Analyzer[] = [collectionValidationAnalyzer];
