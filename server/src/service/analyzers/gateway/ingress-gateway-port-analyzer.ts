/**
 * gateway.IngressGatewayPortAnalyzer — checks each Gateway's server ports against the Services in
 * front of the gateway workloads its selector picks.
 *
 * - IST0101 (ReferencedResourceNotFound) when the selector picks no pod (or pod template) at all.
 * - IST0162 (GatewayPortNotDefinedOnService) when a server port is neither a port nor a numeric
 *   target port of any TCP Service selecting those pods (istio translates a Service port to its
 *   target port, so both count).
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import {
  describePod,
  formatSelector,
  runtimePods,
  runtimeServices,
  serviceSelectsPod,
  type RuntimePod,
  type RuntimeService,
} from '../../mesh/runtime-objects';
import type { MeshResource } from '../../workspace/resource';
import { gatewaySelector, gatewayServers, istioGateways, podsSelectedBy, selectorPath } from './gateway-spec';

export const ingressGatewayPortAnalyzer: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  analyze(ctx, report) {
    const pods = runtimePods(ctx);
    const services = runtimeServices(ctx);
    for (const gw of istioGateways(ctx.index)) checkGateway(gw, pods, services, report);
  },
};

function checkGateway(
  gw: MeshResource,
  pods: readonly RuntimePod[],
  services: readonly RuntimeService[],
  report: (f: Finding) => void,
): void {
  const selector = gatewaySelector(gw);
  const shown = formatSelector(selector) || '(empty selector)';
  const selected = podsSelectedBy(selector, pods);
  if (selected.length === 0) {
    report({
      message: 'ReferencedResourceNotFound',
      resource: gw,
      path: selectorPath(gw),
      text: `Referenced selector not found: no pod matches the gateway selector '${shown}'`,
    });
    return;
  }
  const fronting = services.filter((svc) => selected.some((pod) => serviceSelectsPod(svc, pod)));
  const offered = offeredPorts(fronting);
  for (const server of gatewayServers(gw)) {
    if (server.port === undefined || offered.has(server.port)) continue;
    report({
      message: 'GatewayPortNotDefinedOnService',
      resource: gw,
      path: ['spec', 'servers', server.index, 'port', 'number'],
      text: portMessage(server.port, shown, fronting, selected.map(describePod)),
      related: fronting.flatMap((svc) =>
        svc.resource
          ? [
              {
                resource: svc.resource,
                path: ['spec', 'ports'],
                message: `Service ${svc.name} fronts the gateway`,
              },
            ]
          : [],
      ),
    });
  }
}

/** Ports (and numeric target ports) of the TCP ports of these Services. */
function offeredPorts(services: readonly RuntimeService[]): Set<number> {
  const out = new Set<number>();
  for (const svc of services) {
    for (const p of svc.ports) {
      if (p.protocol !== 'TCP') continue;
      out.add(p.port);
      if (p.targetPort !== undefined) out.add(p.targetPort);
    }
  }
  return out;
}

function portMessage(
  port: number,
  selector: string,
  fronting: readonly RuntimeService[],
  pods: string[],
): string {
  const where = fronting.length
    ? `the Service(s) ${fronting.map((s) => `${s.namespace}/${s.name}`).join(', ')} selecting the gateway pods do not expose it`
    : `no Service selects the gateway pods (${pods.slice(0, 3).join(', ')}${pods.length > 3 ? ', …' : ''})`;
  return `Port ${port} of this gateway server is not defined on the gateway's Service (selector '${selector}'): ${where}`;
}
