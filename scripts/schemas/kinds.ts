/**
 * Which kinds the catalog holds: every kind and served version of the Istio and Gateway API packages,
 * and the core Kubernetes kinds a mesh repository holds next to its Istio config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface KindSource {
  /** Package the kind comes from (istio, gateway-api, kubernetes). */
  source: 'istio' | 'gateway-api' | 'kubernetes';
  apiVersion: string;
  kind: string;
  /** The .d.ts that declares `I<Kind>`. */
  dtsFile: string;
  interfaceName: string;
  /** The precompiled ajv validator module for the kind (absolute path). */
  validatorFile: string;
  /**
   * False for Kubernetes kinds outside the mesh set: known by name (so a typo of a kind is caught in
   * every group) but not given a schema (keeps the bundle small).
   */
  withSchema: boolean;
}

const CORE_KINDS = new Set([
  'v1/Service',
  'v1/Pod',
  'v1/Namespace',
  'v1/ServiceAccount',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/Endpoints',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'apps/v1/ReplicaSet',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'discovery.k8s.io/v1/EndpointSlice',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
]);

/** Finds model classes: each `<Kind>.js` sets static apiVersion/kind and imports its validator. */
export function listKinds(nodeModules: string): KindSource[] {
  const packages: [KindSource['source'], string][] = [
    ['istio', '@kubernetes-models/istio'],
    ['gateway-api', '@kubernetes-models/gateway-api'],
    ['kubernetes', 'kubernetes-models'],
  ];
  const kinds: KindSource[] = [];
  for (const [source, pkg] of packages) {
    const root = path.join(nodeModules, pkg);
    for (const file of walk(root)) {
      if (!file.endsWith('.js') || file.includes(`${path.sep}_schemas${path.sep}`)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const apiVersion = /this\.apiVersion="([^"]+)"/.exec(text)?.[1];
      const kind = /this\.kind="([^"]+)"/.exec(text)?.[1];
      const validator = /import\{validate\}from"([^"]+)"/.exec(text)?.[1];
      if (!apiVersion || !kind || !validator || kind.endsWith('List')) continue;
      kinds.push({
        source,
        apiVersion,
        kind,
        dtsFile: file.replace(/\.js$/, '.d.ts'),
        interfaceName: `I${kind}`,
        validatorFile: path.resolve(path.dirname(file), validator),
        withSchema: source !== 'kubernetes' || CORE_KINDS.has(`${apiVersion}/${kind}`),
      });
    }
  }
  return kinds.sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`));
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}
