/**
 * deployment.ServiceAssociationAnalyzer — for each Deployment in the mesh (it has, or will get, a
 * sidecar; waypoint deployments are skipped), the Services of its namespace whose selector picks its
 * pods:
 * - IST0116 DeploymentAssociatedToMultipleServices: two of them expose the same port number with
 *   different protocols (the sidecar can serve one protocol per port);
 * - IST0137 DeploymentConflictingPorts: two of them send different service ports to the same target
 *   port.
 */
import type { Analyzer, Finding, RelatedRef } from '../../analysis/analyzer';
import { labelsMatch } from '../../mesh/selectors';
import { workloadInMesh } from '../../mesh/sidecar-injection';
import { asArray, asLabels, asRecord, get, type MeshResource } from '../../workspace/resource';

const GATEWAY_MANAGED_LABEL = 'gateway.istio.io/managed';
const WAYPOINT_CONTROLLER = 'istio.io-mesh-controller';

/** One port entry of a selecting Service. */
interface ServicePort {
  service: MeshResource;
  index: number;
  port: number;
  protocol: string;
  targetPort: string;
}

type Report = (finding: Finding) => void;

export const serviceAssociationAnalyzer: Analyzer = {
  name: 'deployment.ServiceAssociationAnalyzer',
  analyze(ctx, report) {
    const services = ctx.index.ofKind('Service', '');
    for (const deployment of ctx.index.ofKind('Deployment', 'apps')) {
      if (
        asLabels(get(deployment.value, 'metadata', 'labels'))[GATEWAY_MANAGED_LABEL] === WAYPOINT_CONTROLLER
      )
        continue;
      const template = get(deployment.value, 'spec', 'template');
      const podLabels = asLabels(get(template, 'metadata', 'labels'));
      const podMeta = { labels: podLabels, annotations: asLabels(get(template, 'metadata', 'annotations')) };
      if (!workloadInMesh(ctx.index, deployment.namespace, podMeta, get(template, 'spec'))) continue;
      const ports = services
        .filter((s) => s.namespace === deployment.namespace && selects(s, podLabels))
        .flatMap(servicePorts);
      checkProtocols(deployment, ports, report);
      checkTargetPorts(deployment, ports, report);
    }
  },
};

/** A Service with a non-empty selector matching the pod labels. */
function selects(service: MeshResource, podLabels: Record<string, string>): boolean {
  const selector = asLabels(get(service.value, 'spec', 'selector'));
  return Object.keys(selector).length > 0 && labelsMatch(selector, podLabels);
}

function servicePorts(service: MeshResource): ServicePort[] {
  return asArray(get(service.value, 'spec', 'ports')).map((p, index) => {
    const entry = asRecord(p);
    const port = Number(entry.port ?? 0);
    const target = entry.targetPort;
    return {
      service,
      index,
      port,
      protocol: typeof entry.protocol === 'string' && entry.protocol ? entry.protocol : 'TCP',
      // The target port defaults to the port.
      targetPort:
        target === undefined || target === null || target === 0 || target === ''
          ? String(port)
          : String(target),
    };
  });
}

function groupBy<K>(ports: ServicePort[], key: (p: ServicePort) => K): Map<K, ServicePort[]> {
  const out = new Map<K, ServicePort[]>();
  for (const p of ports) out.set(key(p), [...(out.get(key(p)) ?? []), p]);
  return out;
}

function checkProtocols(deployment: MeshResource, ports: ServicePort[], report: Report): void {
  for (const [port, entries] of groupBy(ports, (p) => p.port)) {
    const protocols = [...new Set(entries.map((e) => e.protocol))];
    if (protocols.length < 2) continue;
    const names = [...new Set(entries.map((e) => e.service.name))].sort();
    report({
      message: 'DeploymentAssociatedToMultipleServices',
      resource: deployment,
      path: ['metadata', 'name'],
      text:
        `The pods of Deployment ${deployment.name} are selected by Services ${names.join(', ')}, which expose port ` +
        `${port} with different protocols (${protocols.sort().join(', ')}); the sidecar can only use one protocol per port.`,
      related: entries.map((e) => portRef(e, 'protocol', `port ${port} with protocol ${e.protocol}`)),
    });
  }
}

function checkTargetPorts(deployment: MeshResource, ports: ServicePort[], report: Report): void {
  for (const [targetPort, entries] of groupBy(ports, (p) => p.targetPort)) {
    // Entries with the same service port number are one mapping (istio keeps the last Service's).
    const byPort = groupBy(entries, (e) => e.port);
    if (byPort.size < 2) continue;
    const mappings = [...byPort.values()].map((list) => list[list.length - 1]!);
    const portNumbers = [...byPort.keys()].sort((a, b) => a - b);
    const names = [...new Set(mappings.map((m) => m.service.name))].sort();
    report({
      message: 'DeploymentConflictingPorts',
      resource: deployment,
      path: ['metadata', 'name'],
      text:
        `The pods of Deployment ${deployment.name} are selected by Services ${names.join(', ')}, which send ports ` +
        `${portNumbers.join(', ')} to the same target port ${targetPort}; use one service port per target port.`,
      related: mappings.map((m) => portRef(m, 'targetPort', `port ${m.port} targets ${targetPort}`)),
    });
  }
}

function portRef(p: ServicePort, field: string, message: string): RelatedRef {
  const has = get(p.service.value, 'spec', 'ports', p.index, field) !== undefined;
  return { resource: p.service, path: ['spec', 'ports', p.index, has ? field : 'port'], message };
}
