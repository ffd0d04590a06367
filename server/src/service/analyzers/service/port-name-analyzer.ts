/**
 * service.PortNameAnalyzer — Istio picks a Service port's protocol from its `appProtocol` or its name
 * (`<protocol>[-<suffix>]`). Emits IST0118 (PortNameIsNotUnderNamingConvention) for a port whose
 * appProtocol/name names no protocol (Istio falls back to protocol sniffing), and, on ExternalName
 * Services, IST0150 (ExternalNameServiceTypeInvalidPortName) for such a port or one named plain `tcp`
 * (traffic to the external name is then handled as opaque TCP). Services in Kubernetes system namespaces
 * and Istio control-plane Services (label `istio`, or `release: istio`) are skipped.
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';
import { portProtocol } from './port-protocol';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  analyze(ctx, report) {
    for (const svc of ctx.index.ofKind('Service', '')) {
      if (SYSTEM_NAMESPACES.has(svc.namespace) || isControlPlane(svc)) continue;
      const externalName = get(svc.value, 'spec', 'type') === 'ExternalName';
      asArray(get(svc.value, 'spec', 'ports')).forEach((raw, i) => {
        const port = asRecord(raw);
        const name = asString(port.name);
        const appProtocol = asString(port.appProtocol);
        const protocol = portProtocol({
          port: typeof port.port === 'number' ? port.port : undefined,
          name,
          protocol: asString(port.protocol),
          appProtocol,
        });
        const plainTcp = externalName && name === 'tcp';
        if (protocol && !plainTcp) return;
        const culprit =
          plainTcp || appProtocol === undefined ? (name !== undefined ? 'name' : 'port') : 'appProtocol';
        const path: FieldPath = ['spec', 'ports', i, culprit];
        if (externalName) {
          report({
            message: 'ExternalNameServiceTypeInvalidPortName',
            resource: svc,
            path,
            text: `${describePort(port)} of ExternalName Service ${svc.name} ${plainTcp ? 'is named plain tcp' : 'names no protocol'}: name it after the protocol of the external service (http-…, https-…, tls-…) so Istio can route it`,
          });
        } else {
          report({
            message: 'PortNameIsNotUnderNamingConvention',
            resource: svc,
            path,
            text: `${describePort(port)} does not follow Istio's <protocol>[-<suffix>] naming convention${appProtocol !== undefined ? ` (appProtocol '${appProtocol}' is not a known protocol)` : ''}; Istio will sniff its protocol`,
          });
        }
      });
    }
  },
};

function isControlPlane(svc: MeshResource): boolean {
  const labels = asRecord(get(svc.value, 'metadata', 'labels'));
  return 'istio' in labels || labels.release === 'istio';
}

function describePort(port: Record<string, unknown>): string {
  const name = asString(port.name);
  const target = port.targetPort === undefined ? '' : `, targetPort ${String(port.targetPort)}`;
  return `Port ${name ? `'${name}'` : '(unnamed)'} (port ${String(port.port ?? '?')}${target})`;
}
