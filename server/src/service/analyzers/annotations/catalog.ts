/**
 * Istio's resource annotation catalog, as facts: each annotation's maturity, whether it is deprecated,
 * and the resource kinds it belongs on (`Any` for every kind). Source: istio/api annotation catalog
 * (annotation/annotations.yaml). Used by annotations.K8sAnalyzer and maturity.AlphaAnalyzer.
 */

export type FeatureStatus = 'Alpha' | 'Beta' | 'Stable';

export interface AnnotationFacts {
  name: string;
  status: FeatureStatus;
  deprecated: boolean;
  /** Kinds the annotation is read from; `Any` means every kind. */
  resources: readonly string[];
}

/** [name, status, kinds, deprecated?] */
type Row = readonly [string, FeatureStatus, readonly string[], 'deprecated'?];

const POD = ['Pod'];

const ROWS: readonly Row[] = [
  ['alpha.istio.io/canonical-serviceaccounts', 'Alpha', ['Service'], 'deprecated'],
  ['alpha.istio.io/kubernetes-serviceaccounts', 'Alpha', ['Service'], 'deprecated'],
  ['ambient.istio.io/bypass-inbound-capture', 'Alpha', POD],
  ['ambient.istio.io/redirection', 'Beta', POD],
  ['ambient.istio.io/waypoint-inbound-binding', 'Alpha', ['GatewayClass', 'Gateway']],
  ['galley.istio.io/analyze-suppress', 'Alpha', ['Any']],
  ['gateway.istio.io/controller-version', 'Alpha', ['Any']],
  ['gateway.istio.io/name-override', 'Alpha', ['Gateway']],
  ['gateway.istio.io/service-account', 'Alpha', ['Gateway']],
  ['inject.istio.io/templates', 'Alpha', POD],
  ['istio.io/autoRegistrationGroup', 'Alpha', ['WorkloadEntry']],
  ['istio.io/connectedAt', 'Alpha', ['WorkloadEntry']],
  ['istio.io/disconnectedAt', 'Alpha', ['WorkloadEntry']],
  ['istio.io/dry-run', 'Alpha', ['AuthorizationPolicy']],
  ['istio.io/rev', 'Alpha', POD],
  ['istio.io/workloadController', 'Alpha', ['WorkloadEntry']],
  ['kubernetes.io/ingress.class', 'Stable', ['Ingress']],
  ['networking.istio.io/exportTo', 'Alpha', ['Service']],
  ['networking.istio.io/service-type', 'Alpha', ['Gateway']],
  ['networking.istio.io/traffic-distribution', 'Alpha', ['Service', 'ServiceEntry']],
  ['prometheus.istio.io/merge-metrics', 'Alpha', POD],
  ['proxy.istio.io/config', 'Beta', POD],
  ['proxy.istio.io/overrides', 'Alpha', POD],
  ['readiness.status.sidecar.istio.io/applicationPorts', 'Alpha', POD],
  ['readiness.status.sidecar.istio.io/failureThreshold', 'Alpha', POD],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'Alpha', POD],
  ['readiness.status.sidecar.istio.io/periodSeconds', 'Alpha', POD],
  ['sidecar.istio.io/agentLogLevel', 'Alpha', POD],
  ['sidecar.istio.io/bootstrapOverride', 'Alpha', POD],
  ['sidecar.istio.io/componentLogLevel', 'Alpha', POD],
  ['sidecar.istio.io/discoveryAddress', 'Alpha', POD, 'deprecated'],
  ['sidecar.istio.io/enableCoreDump', 'Alpha', POD],
  ['sidecar.istio.io/extraStatTags', 'Alpha', POD, 'deprecated'],
  ['sidecar.istio.io/inject', 'Beta', POD, 'deprecated'],
  ['sidecar.istio.io/interceptionMode', 'Alpha', POD],
  ['sidecar.istio.io/logLevel', 'Alpha', POD],
  ['sidecar.istio.io/nativeSidecar', 'Alpha', POD],
  ['sidecar.istio.io/proxyCPU', 'Alpha', POD],
  ['sidecar.istio.io/proxyCPULimit', 'Alpha', POD],
  ['sidecar.istio.io/proxyImage', 'Alpha', POD],
  ['sidecar.istio.io/proxyImageType', 'Alpha', POD],
  ['sidecar.istio.io/proxyMemory', 'Alpha', POD],
  ['sidecar.istio.io/proxyMemoryLimit', 'Alpha', POD],
  ['sidecar.istio.io/rewriteAppHTTPProbers', 'Alpha', POD],
  ['sidecar.istio.io/statsHistogramBuckets', 'Alpha', POD],
  ['sidecar.istio.io/statsInclusionPrefixes', 'Alpha', POD, 'deprecated'],
  ['sidecar.istio.io/statsInclusionRegexps', 'Alpha', POD, 'deprecated'],
  ['sidecar.istio.io/statsInclusionSuffixes', 'Alpha', POD, 'deprecated'],
  ['sidecar.istio.io/status', 'Alpha', POD],
  ['sidecar.istio.io/userVolume', 'Alpha', POD],
  ['sidecar.istio.io/userVolumeMount', 'Alpha', POD],
  ['status.sidecar.istio.io/port', 'Alpha', POD],
  ['topology.istio.io/controlPlaneClusters', 'Alpha', ['Namespace']],
  ['traffic.istio.io/nodeSelector', 'Stable', ['Service']],
  ['traffic.sidecar.istio.io/excludeInboundPorts', 'Alpha', POD],
  ['traffic.sidecar.istio.io/excludeInterfaces', 'Alpha', POD],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', 'Alpha', POD],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', 'Alpha', POD],
  ['traffic.sidecar.istio.io/includeInboundPorts', 'Alpha', POD],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'Alpha', POD],
  ['traffic.sidecar.istio.io/includeOutboundPorts', 'Alpha', POD],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', 'Alpha', POD],
];

const CATALOG = new Map<string, AnnotationFacts>(
  ROWS.map(([name, status, resources, deprecated]) => [
    name,
    { name, status, resources, deprecated: deprecated === 'deprecated' },
  ]),
);

export function lookupAnnotation(name: string): AnnotationFacts | undefined {
  return CATALOG.get(name);
}

/**
 * Whether istio's analyzers treat the annotation as theirs: its prefix (before the first `/`) ends in
 * `istio.io`, or it is `kubernetes.io/ingress.class`, which Istio documents.
 */
export function isIstioAnnotation(name: string): boolean {
  return name === 'kubernetes.io/ingress.class' || name.split('/')[0]!.endsWith('istio.io');
}
