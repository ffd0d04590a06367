/** Every analyzer, in one list: each package folder exports its own (one module per analyzer). */
import type { Analyzer } from '../analysis/analyzer';
import { virtualserviceAnalyzers } from './virtualservice/index';
import { gatewayAnalyzers } from './gateway/index';
import { k8sgatewayAnalyzers } from './k8sgateway/index';
import { destinationruleAnalyzers } from './destinationrule/index';
import { sidecarAnalyzers } from './sidecar/index';
import { telemetryAnalyzers } from './telemetry/index';
import { authzAnalyzers } from './authz/index';
import { authnAnalyzers } from './authn/index';
import { conditionsAnalyzers } from './conditions/index';
import { injectionAnalyzers } from './injection/index';
import { deploymentAnalyzers } from './deployment/index';
import { serviceAnalyzers } from './service/index';
import { annotationsAnalyzers } from './annotations/index';
import { webhookAnalyzers } from './webhook/index';
import { maturityAnalyzers } from './maturity/index';
import { deprecationAnalyzers } from './deprecation/index';
import { envoyfilterAnalyzers } from './envoyfilter/index';
import { externalcontrolplaneAnalyzers } from './externalcontrolplane/index';
import { serviceentryAnalyzers } from './serviceentry/index';
import { meshwrightAnalyzers } from './meshwright/index';
import { multiclusterAnalyzers } from './multicluster/index';
import { schemavalidationAnalyzers } from './schemavalidation/index';

export const ANALYZERS: readonly Analyzer[] = [
  ...virtualserviceAnalyzers,
  ...gatewayAnalyzers,
  ...k8sgatewayAnalyzers,
  ...destinationruleAnalyzers,
  ...sidecarAnalyzers,
  ...telemetryAnalyzers,
  ...authzAnalyzers,
  ...authnAnalyzers,
  ...conditionsAnalyzers,
  ...injectionAnalyzers,
  ...deploymentAnalyzers,
  ...serviceAnalyzers,
  ...annotationsAnalyzers,
  ...webhookAnalyzers,
  ...maturityAnalyzers,
  ...deprecationAnalyzers,
  ...envoyfilterAnalyzers,
  ...externalcontrolplaneAnalyzers,
  ...serviceentryAnalyzers,
  ...meshwrightAnalyzers,
  ...multiclusterAnalyzers,
  ...schemavalidationAnalyzers,
];
