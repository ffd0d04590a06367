/**
 * The Pods analyzers match selectors against, as istioctl sees them: the Pods of the workspace files,
 * plus the live cluster's pods when connected, else istioctl's implicit ingress gateway pod
 * (files-only analysis). Pod templates of Deployments are not pods: istio's selector checks ignore them.
 */
import type { AnalysisContext } from '../analysis/analyzer';
import { asLabels, asRecord, get, type MeshResource } from '../workspace/resource';
import { defaultIngressGateway } from './default-ingress';
import { workloadInMesh } from './sidecar-injection';

export interface AnalysisPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Runs (or will be injected with) an istio-proxy sidecar. */
  inMesh: boolean;
  /** Redirected to ztunnel (`ambient.istio.io/redirection: enabled`). */
  ambient: boolean;
  /** The Pod document, for pods from the workspace files. */
  resource?: MeshResource;
}

const AMBIENT_REDIRECTION = 'ambient.istio.io/redirection';

export function analysisPods(ctx: AnalysisContext): AnalysisPod[] {
  const pods = ctx.index.ofKind('Pod', '').map((r) => filePod(ctx, r));
  if (ctx.cluster) {
    const seen = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
    for (const p of ctx.cluster.pods) {
      if (seen.has(`${p.namespace}/${p.name}`)) continue;
      pods.push({
        namespace: p.namespace,
        name: p.name,
        labels: p.labels,
        inMesh: p.hasProxy,
        ambient: false,
      });
    }
    return pods;
  }
  const ingress = defaultIngressGateway(ctx.meshConfig);
  if (ingress) {
    pods.push({
      namespace: ingress.namespace,
      name: ingress.podName,
      labels: ingress.labels,
      inMesh: true,
      ambient: false,
    });
  }
  return pods;
}

function filePod(ctx: AnalysisContext, r: MeshResource): AnalysisPod {
  const labels = asLabels(get(r.value, 'metadata', 'labels'));
  const annotations = asLabels(get(r.value, 'metadata', 'annotations'));
  return {
    namespace: r.namespace,
    name: r.name,
    labels,
    inMesh: workloadInMesh(ctx.index, r.namespace, { labels, annotations }, asRecord(get(r.value, 'spec'))),
    ambient: annotations[AMBIENT_REDIRECTION] === 'enabled',
    resource: r,
  };
}

/** `k1=v1,k2=v2` with sorted keys, as Kubernetes prints a label selector ('' selects everything). */
export function selectorString(matchLabels: Record<string, string>): string {
  return Object.keys(matchLabels)
    .sort()
    .map((k) => `${k}=${matchLabels[k]}`)
    .join(',');
}
