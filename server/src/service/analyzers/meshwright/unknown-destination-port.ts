/**
 * meshwright.UnknownDestinationPortAnalyzer — MW0005: a VirtualService route or mirror destination
 * names a port (`destination.port.number`) that the destination's Service (`spec.ports[].port`) or
 * ServiceEntry (`spec.ports[].number`) does not declare. Istio builds no cluster for such a port, so
 * the route fails. Only when the workspace defines the Service or ServiceEntry of the host; the ports
 * of every definition of the host count.
 */
import type { Analyzer } from '../../analysis/analyzer';
import { asArray, asString, get, type MeshResource } from '../../workspace/resource';
import { mirrorDestinations, routeDestinations } from '../virtualservice/route-destinations';
import { declaredPorts, findServices, formatList, kubeServiceRef, serviceEntriesFor } from './lookup';

export const unknownDestinationPortAnalyzer: Analyzer = {
  name: 'meshwright.UnknownDestinationPortAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      for (const d of [...routeDestinations(vs.value), ...mirrorDestinations(vs.value)]) {
        const port = get(d.destination, 'port', 'number');
        const host = asString(d.destination.host);
        if (typeof port !== 'number' || !host) continue;
        const sources: MeshResource[] = [];
        const ref = kubeServiceRef(host, vs.namespace);
        const services = ref ? findServices(ctx.index, ref) : [];
        const service = services[0];
        sources.push(...services);
        sources.push(...serviceEntriesFor(ctx.index, host, vs.namespace));
        const withPorts = sources.filter((s) => declaredPorts(s).length);
        // A definition without ports (e.g. an ExternalName Service) leaves the port open.
        if (!withPorts.length || withPorts.length !== sources.length) continue;
        const ports = [...new Set(withPorts.flatMap(declaredPorts))].sort((a, b) => a - b);
        if (ports.includes(port)) continue;

        const owner = withPorts[0]!;
        const ownerName = `${owner.kind} ${owner.namespaceAsWritten ? `${owner.namespace}/` : ''}${owner.name}`;
        let text = `Port ${port} is not a port of ${ownerName}${withPorts.length > 1 ? ' (or the other definitions of this host)' : ''}, which declares ${formatList(ports.map(String))}.`;
        if (service) {
          const viaTarget = asArray(get(service.value, 'spec', 'ports')).find(
            (p) => get(p, 'targetPort') === port && typeof get(p, 'port') === 'number',
          );
          if (viaTarget) {
            text += ` ${port} is the targetPort of Service port ${String(get(viaTarget, 'port'))}: destination.port.number takes the Service port, not the container port.`;
          }
        }
        text += ' Istio has no cluster for this port, so the route fails.';
        report({
          message: 'MW0005',
          resource: vs,
          path: [...d.path, 'port', 'number'],
          text,
          related: withPorts.map((s) => ({
            resource: s,
            path: ['spec', 'ports'],
            message: `Ports of ${s.kind} ${s.name}`,
          })),
        });
      }
    }
  },
};
