/**
 * meshnetworks.MeshNetworksAnalyzer (istio's multicluster.MeshNetworksAnalyzer) — every
 * `networks.<name>.endpoints[].fromRegistry` of the mesh networks must name a service registry istio
 * knows: `Kubernetes`, `External`, `Mock`, or a cluster of a remote secret (the data keys of a Secret
 * labelled `istio/multiCluster: "true"`). Emits IST0126 (UnknownMeshNetworksServiceRegistry) otherwise.
 *
 * The mesh networks are read where the workspace holds them: a `MeshNetworks` resource (its `networks`,
 * pointing at the registry), or the `meshNetworks` key of the istio ConfigMap (pointing at that key).
 * `ctx.meshNetworks` alone (the CLI's --mesh-networks file) has no resource to report on and is not read.
 */
import { parse } from 'yaml';
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import type { WorkspaceIndex } from '../../workspace/index';
import { asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

const BUILT_IN_REGISTRIES = ['Kubernetes', 'External', 'Mock'];
const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';

/** Mesh networks found in a resource; `pathOf` gives the field to point at for an endpoint. */
interface MeshNetworksSource {
  resource: MeshResource;
  networks: Record<string, unknown>;
  pathOf: (network: string, endpoint: number) => FieldPath;
}

export const meshNetworksAnalyzer: Analyzer = {
  name: 'meshnetworks.MeshNetworksAnalyzer',
  analyze(ctx, report) {
    const known = knownRegistries(ctx.index);
    for (const source of meshNetworksSources(ctx.index)) {
      for (const [network, spec] of Object.entries(source.networks)) {
        asArray(get(spec, 'endpoints')).forEach((endpoint, j) => {
          const registry = get(endpoint, 'fromRegistry');
          if (typeof registry !== 'string' || known.has(registry)) return;
          report({
            message: 'UnknownMeshNetworksServiceRegistry',
            resource: source.resource,
            path: source.pathOf(network, j),
            text: `Network '${network}' takes endpoints from unknown service registry '${registry}'; known registries: ${[...known].join(', ')} (registry names are case-sensitive; a remote cluster is known through its multicluster Secret)`,
          });
        });
      }
    }
  },
};

/** Built-in registries and the clusters of remote secrets. */
function knownRegistries(index: WorkspaceIndex): Set<string> {
  const known = new Set(BUILT_IN_REGISTRIES);
  for (const secret of index.ofKind('Secret', '')) {
    if (get(secret.value, 'metadata', 'labels', MULTICLUSTER_SECRET_LABEL) !== 'true') continue;
    for (const key of ['data', 'stringData']) {
      for (const cluster of Object.keys(asRecord(get(secret.value, key)))) known.add(cluster);
    }
  }
  return known;
}

function meshNetworksSources(index: WorkspaceIndex): MeshNetworksSource[] {
  const sources: MeshNetworksSource[] = [];
  for (const resource of index.ofKind('MeshNetworks')) {
    sources.push({
      resource,
      networks: asRecord(get(resource.value, 'networks')),
      pathOf: (network, j) => ['networks', network, 'endpoints', j, 'fromRegistry'],
    });
  }
  for (const cm of index.ofKind('ConfigMap', '')) {
    if (cm.name !== 'istio' && !cm.name.startsWith('istio-')) continue;
    const text = asString(get(cm.value, 'data', 'meshNetworks'));
    if (!text) continue;
    sources.push({ resource: cm, networks: parseNetworks(text), pathOf: () => ['data', 'meshNetworks'] });
  }
  return sources;
}

function parseNetworks(text: string): Record<string, unknown> {
  try {
    return asRecord(get(parse(text), 'networks'));
  } catch {
    return {};
  }
}
