/**
 * auth.AuthorizationPoliciesAnalyzer — checks AuthorizationPolicies against the workspace:
 * - IST0127 NoMatchingWorkloadsFound: the selector matches no in-mesh (sidecar or ambient) pod — in its
 *   namespace, or anywhere for a root-namespace (mesh-wide) policy — or a namespace-wide policy sits
 *   in a namespace without such pods;
 * - IST0101 ReferencedResourceNotFound: a `from.source` namespaces/notNamespaces entry (exact, `prefix*`,
 *   `*suffix` or `*`) matches no Namespace.
 */
import type { AnalysisContext, Analyzer, Finding } from '../../analysis/analyzer';
import { analysisPods, selectorString } from '../../mesh/analysis-pods';
import { labelsMatch } from '../../mesh/selectors';
import { stringList } from '../../mesh/service-registry';
import { asArray, asLabels, get, type MeshResource } from '../../workspace/resource';

export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  analyze(ctx, report) {
    const podLabels = meshPodLabelsByNamespace(ctx);
    const namespaces = knownNamespaces(ctx);
    for (const ap of ctx.index.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      checkWorkloads(ctx, ap, podLabels, report);
      checkSourceNamespaces(ap, namespaces, report);
    }
  },
};

/** Labels of the pods in the mesh (sidecar or ambient), by namespace. */
function meshPodLabelsByNamespace(ctx: AnalysisContext): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  for (const pod of analysisPods(ctx)) {
    if (!pod.inMesh && !pod.ambient) continue;
    out.set(pod.namespace, [...(out.get(pod.namespace) ?? []), pod.labels]);
  }
  return out;
}

function checkWorkloads(
  ctx: AnalysisContext,
  ap: MeshResource,
  podLabels: ReadonlyMap<string, Record<string, string>[]>,
  report: (f: Finding) => void,
): void {
  const selector = get(ap.value, 'spec', 'selector');
  const meshWide = ap.namespace === ctx.meshConfig.rootNamespace;
  if (selector === undefined || selector === null) {
    if (meshWide || (podLabels.get(ap.namespace)?.length ?? 0) > 0) return;
    report({
      message: 'NoMatchingWorkloadsFound',
      resource: ap,
      path: ap.namespaceAsWritten ? ['metadata', 'namespace'] : undefined,
      text: `Namespace-wide policy, but namespace ${ap.namespace} has no pods in the mesh`,
    });
    return;
  }
  const matchLabels = asLabels(get(selector, 'matchLabels'));
  const candidates = meshWide ? [...podLabels.values()].flat() : (podLabels.get(ap.namespace) ?? []);
  if (candidates.some((labels) => labelsMatch(matchLabels, labels))) return;
  const where = meshWide ? 'in any namespace (mesh-wide policy)' : `in namespace ${ap.namespace}`;
  report({
    message: 'NoMatchingWorkloadsFound',
    resource: ap,
    path: ['spec', 'selector'],
    text: `No pod in the mesh ${where} matches the selector '${selectorString(matchLabels)}'`,
  });
}

/** Names of the Namespaces in the files, plus the live cluster's when connected. */
function knownNamespaces(ctx: AnalysisContext): string[] {
  const names = ctx.index.ofKind('Namespace', '').map((ns) => ns.name);
  for (const ns of ctx.cluster?.namespaces ?? []) names.push(ns.name);
  return names;
}

function checkSourceNamespaces(
  ap: MeshResource,
  namespaces: readonly string[],
  report: (f: Finding) => void,
): void {
  asArray(get(ap.value, 'spec', 'rules')).forEach((rule, i) => {
    asArray(get(rule, 'from')).forEach((from, j) => {
      for (const field of ['namespaces', 'notNamespaces']) {
        stringList(get(from, 'source', field)).forEach((pattern, k) => {
          if (namespaces.some((ns) => namespaceMatches(ns, pattern))) return;
          report({
            message: 'ReferencedResourceNotFound',
            resource: ap,
            path: ['spec', 'rules', i, 'from', j, 'source', field, k],
            text: `Referenced namespace not found: no Namespace matches '${pattern}'`,
          });
        });
      }
    });
  });
}

/** istio's namespace pattern: `*`, `*suffix`, `prefix*`, or an exact name (case-insensitive). */
function namespaceMatches(namespace: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return namespace.toLowerCase() === pattern.toLowerCase();
}
