/**
 * meshwright.ShortHostNamespaceAnalyzer — MW0013: a short host (`reviews`) in a VirtualService
 * destination or a DestinationRule `host` that names a Service of another namespace. Istio expands a
 * short name against the namespace of the resource that contains it, not the Service's, so a
 * VirtualService in `istio-system` routing to `reviews` targets `reviews.istio-system.svc.cluster.local`.
 * Reported only when certain: the resource's namespace is written, the workspace has no Service (or
 * ServiceEntry host) of that name in that namespace, and it defines the Service in other namespaces.
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { serviceFqdn } from '../../mesh/hosts';
import { asString, get, type MeshResource } from '../../workspace/resource';
import { mirrorDestinations, routeDestinations } from '../virtualservice/route-destinations';
import { findService, formatList, serviceEntriesFor } from './lookup';

export const shortHostNamespaceAnalyzer: Analyzer = {
  name: 'meshwright.ShortHostNamespaceAnalyzer',
  analyze(ctx, report) {
    const services = ctx.index.ofKind('Service', '');
    const check = (resource: MeshResource, path: FieldPath, value: unknown) => {
      const host = asString(value);
      if (!host || host.includes('.') || host.includes('*') || !resource.namespaceAsWritten) return;
      const namespace = resource.namespace;
      if (findService(ctx.index, { namespace, name: host })) return;
      if (serviceEntriesFor(ctx.index, host, namespace).length) return;
      const elsewhere = [
        ...new Set(
          services
            .filter((s) => s.name === host && s.namespaceAsWritten && s.namespace !== namespace)
            .map((s) => s.namespace),
        ),
      ].sort();
      if (!elsewhere.length) return;
      const fqdns = elsewhere.map((ns) => serviceFqdn(host, ns));
      const owner = services.find((s) => s.name === host && s.namespace === elsewhere[0]);
      report({
        message: 'MW0013',
        resource,
        path,
        text: `Short host '${host}' means ${serviceFqdn(host, namespace)} (the namespace of this ${resource.kind}), but Service ${host} is defined in namespace ${formatList(elsewhere)}. Write the full name: ${formatList(fqdns)}.`,
        related: owner
          ? [{ resource: owner, message: `Service ${host} in namespace ${owner.namespace}` }]
          : undefined,
      });
    };
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      for (const d of [...routeDestinations(vs.value), ...mirrorDestinations(vs.value)]) {
        check(vs, [...d.path, 'host'], d.destination.host);
      }
    }
    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      check(dr, ['spec', 'host'], get(dr.value, 'spec', 'host'));
    }
  },
};
