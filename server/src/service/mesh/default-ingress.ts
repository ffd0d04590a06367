/**
 * The ingress gateway `istioctl analyze` assumes in files-only analysis: a Pod labelled
 * `istio: ingressgateway` (with an istio-proxy) and its Service in the istio namespace, so configs that
 * target the stock ingress gateway do not look broken because the workspace lacks Istio's own install.
 * istioctl skips them when the mesh config turns the ingress controller off.
 */
import type { MeshConfig } from '../analysis/mesh-config';
import { asString } from '../workspace/resource';
import { ISTIO_SYSTEM_NAMESPACE } from './sidecar-injection';

export interface DefaultIngressGateway {
  namespace: string;
  /** The Service name (`ingressService` of the mesh config); the pod is `<service>-dummypod`. */
  serviceName: string;
  podName: string;
  labels: Record<string, string>;
  servicePorts: { name: string; port: number; protocol: string }[];
}

const DEFAULT_INGRESS_SERVICE = 'istio-ingressgateway';

/** The implicit ingress gateway for files-only analysis, unless `ingressControllerMode: OFF`. */
export function defaultIngressGateway(meshConfig: MeshConfig): DefaultIngressGateway | undefined {
  if (asString(meshConfig.raw.ingressControllerMode)?.toUpperCase() === 'OFF') return undefined;
  const serviceName = asString(meshConfig.raw.ingressService) || DEFAULT_INGRESS_SERVICE;
  return {
    namespace: ISTIO_SYSTEM_NAMESPACE,
    serviceName,
    podName: `${serviceName}-dummypod`,
    labels: { istio: 'ingressgateway' },
    servicePorts: [
      { name: 'http2', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
      { name: 'tcp', port: 31400, protocol: 'TCP' },
      { name: 'tls', port: 15443, protocol: 'TCP' },
    ],
  };
}
