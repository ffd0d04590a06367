/**
 * meshwright.MtlsConflictAnalyzer — MW0006: a DestinationRule's client TLS mode contradicts the
 * PeerAuthentication that governs the destination's workloads:
 *
 * - the workloads require mTLS (PeerAuthentication `STRICT`) while the rule sends plaintext
 *   (`trafficPolicy.tls.mode: DISABLE`): the server sidecar rejects the connections;
 * - the workloads have mTLS off (PeerAuthentication `DISABLE`) while the rule sends Istio mTLS
 *   (`ISTIO_MUTUAL`): the server sidecar does not terminate it and the application gets TLS bytes.
 *
 * The effective PeerAuthentication is resolved as Istio does: a workload policy (selector) over the
 * namespace policy over the mesh policy (root namespace, `ctx.meshConfig.rootNamespace`); `UNSET`
 * inherits. Modes are compared only when the resolution is certain: a workload policy counts when its
 * selector is contained in the labels every target pod carries (Service selector, subset labels), and
 * any workload policy that may or may not apply, or one with port-level modes, stops the check.
 * Hosts: a Service (`reviews`, `reviews.ns.svc.cluster.local`), a namespace (`*.ns.svc.cluster.local`)
 * or the mesh (`*`, `*.local`, `*.cluster.local`, `*.svc.cluster.local`).
 */
import type { AnalysisContext, Analyzer, FieldPath } from '../../analysis/analyzer';
import { labelsMatch, workloads, type Workload } from '../../mesh/selectors';
import { asArray, asLabels, asString, get, type MeshResource } from '../../workspace/resource';
import { findServices, kubeServiceRef, serviceSelector, strictLabels } from './lookup';

type Mode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

interface Policy {
  resource: MeshResource;
  mode: Mode;
  /** matchLabels; undefined when they are not plain strings (templated), which makes the policy uncertain. */
  labels: Record<string, string> | undefined;
  portLevel: boolean;
}

interface Governing {
  policy: Policy;
  scope: string;
}

const MESH_WIDE_HOSTS = new Set(['*', '*.local', '*.cluster.local', '*.svc.cluster.local']);

export const mtlsConflictAnalyzer: Analyzer = {
  name: 'meshwright.MtlsConflictAnalyzer',
  analyze(ctx, report) {
    const policies = collectPolicies(ctx);
    if (!policies.length) return;
    const root = ctx.meshConfig.rootNamespace;
    let pods: Workload[] | undefined;
    const ambient = new Set(
      ctx.index
        .ofKind('Namespace', '')
        .filter(
          (ns) => asLabels(get(ns.value, 'metadata', 'labels'))['istio.io/dataplane-mode'] === 'ambient',
        )
        .map((ns) => ns.name),
    );

    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const host = asString(get(dr.value, 'spec', 'host')) ?? '';
      // Who receives the traffic: a namespace (all its workloads) or the pods of one Service.
      let namespace: string | undefined;
      let serviceLabels: Record<string, string> | undefined;
      let target: string;
      if (MESH_WIDE_HOSTS.has(host)) {
        namespace = undefined;
        target = `every service of the mesh (${host})`;
      } else if (/^\*\.[^.*]+\.svc\.cluster\.local$/.test(host)) {
        namespace = host.split('.')[1]!;
        target = `the services of namespace ${namespace} (${host})`;
      } else {
        const ref = kubeServiceRef(host, dr.namespace);
        if (!ref) continue;
        namespace = ref.namespace;
        target = `${ref.name}.${ref.namespace}.svc.cluster.local`;
        serviceLabels = serviceSelector(findServices(ctx.index, ref));
      }

      const check = (tlsPath: FieldPath, mode: unknown, podLabels: Record<string, string> | undefined) => {
        if (mode !== 'DISABLE' && mode !== 'ISTIO_MUTUAL') return;
        // Ambient namespaces and workloads without a sidecar do not enforce PeerAuthentication this way.
        if (namespace !== undefined && ambient.has(namespace)) return;
        if (namespace !== undefined && podLabels) {
          pods ??= workloads(ctx.index);
          const outside = pods.some(
            (w) =>
              w.namespace === namespace &&
              labelsMatch(podLabels, w.labels) &&
              (w.annotations['sidecar.istio.io/inject'] === 'false' ||
                w.labels['sidecar.istio.io/inject'] === 'false' ||
                w.labels['istio.io/dataplane-mode'] === 'ambient'),
          );
          if (outside) return;
        }
        const governing =
          namespace === undefined
            ? fromScope(policies, root, 'the mesh-wide')
            : resolve(policies, namespace, root, podLabels, host.startsWith('*'));
        if (!governing) return;
        const peer = governing.policy.mode;
        const conflict =
          (mode === 'DISABLE' && peer === 'STRICT') || (mode === 'ISTIO_MUTUAL' && peer === 'DISABLE');
        if (!conflict) return;
        const pa = governing.policy.resource;
        const paName = `${pa.namespace}/${pa.name}`;
        const text =
          mode === 'DISABLE'
            ? `This DestinationRule sends plaintext (tls.mode DISABLE) to ${target}, but ${governing.scope} PeerAuthentication ${paName} requires mTLS (STRICT) there: the server sidecars reject these connections. Use ISTIO_MUTUAL (or remove tls), or relax the PeerAuthentication.`
            : `This DestinationRule sends Istio mTLS (tls.mode ISTIO_MUTUAL) to ${target}, but ${governing.scope} PeerAuthentication ${paName} disables mTLS (DISABLE) there: the server sidecars do not terminate it and connections fail. Use DISABLE, or set the PeerAuthentication to PERMISSIVE or STRICT.`;
        report({
          message: 'MW0006',
          resource: dr,
          path: tlsPath,
          text,
          related: [
            {
              resource: pa,
              path: ['spec', 'mtls', 'mode'],
              message: `${governing.scope[0]!.toUpperCase()}${governing.scope.slice(1)} PeerAuthentication: mTLS ${peer}`,
            },
          ],
        });
      };

      const policyChecks = (
        base: FieldPath,
        policy: unknown,
        podLabels: Record<string, string> | undefined,
      ) => {
        check([...base, 'tls', 'mode'], get(policy, 'tls', 'mode'), podLabels);
        asArray(get(policy, 'portLevelSettings')).forEach((pls, k) =>
          check([...base, 'portLevelSettings', k, 'tls', 'mode'], get(pls, 'tls', 'mode'), podLabels),
        );
      };
      policyChecks(['spec', 'trafficPolicy'], get(dr.value, 'spec', 'trafficPolicy'), serviceLabels);
      asArray(get(dr.value, 'spec', 'subsets')).forEach((subset, j) => {
        const subsetLabels = strictLabels(get(subset, 'labels')) ?? {};
        const podLabels = { ...(serviceLabels ?? {}), ...subsetLabels };
        policyChecks(
          ['spec', 'subsets', j, 'trafficPolicy'],
          get(subset, 'trafficPolicy'),
          Object.keys(podLabels).length ? podLabels : undefined,
        );
      });
    }
  },
};

function collectPolicies(ctx: AnalysisContext): Policy[] {
  return ctx.index.ofKind('PeerAuthentication', 'security.istio.io').map((resource) => {
    const raw = asString(get(resource.value, 'spec', 'mtls', 'mode'));
    const mode: Mode = raw === 'STRICT' || raw === 'PERMISSIVE' || raw === 'DISABLE' ? raw : 'UNSET';
    const portLevelMtls = get(resource.value, 'spec', 'portLevelMtls');
    return {
      resource,
      mode,
      labels: strictLabels(get(resource.value, 'spec', 'selector', 'matchLabels')),
      portLevel:
        typeof portLevelMtls === 'object' && portLevelMtls !== null && Object.keys(portLevelMtls).length > 0,
    };
  });
}

/**
 * The policy governing pods of `namespace` known to carry `podLabels` (undefined: nothing known);
 * `wholeNamespace` for namespace-wide hosts, where workload policies are exceptions for some pods.
 */
function resolve(
  policies: Policy[],
  namespace: string,
  root: string,
  podLabels: Record<string, string> | undefined,
  wholeNamespace: boolean,
): Governing | undefined {
  if (!wholeNamespace) {
    const workload = policies.filter((p) => p.resource.namespace === namespace && !isScopeWide(p));
    const applying: Policy[] = [];
    for (const p of workload) {
      if (!p.labels) return undefined;
      const labels = podLabels ?? {};
      const applies = Object.entries(p.labels).every(([k, v]) => labels[k] === v);
      const excluded = Object.entries(p.labels).some(([k, v]) => k in labels && labels[k] !== v);
      if (applies) applying.push(p);
      // A workload policy that may select some of the pods makes the outcome uncertain.
      else if (!excluded) return undefined;
    }
    if (applying.some((p) => p.portLevel)) return undefined;
    const modes = new Set(applying.map((p) => p.mode));
    if (modes.size > 1) return undefined;
    if (applying.length && applying[0]!.mode !== 'UNSET')
      return { policy: applying[0]!, scope: 'the workload' };
  }
  if (namespace !== root) {
    const ns = fromScope(policies, namespace, 'the namespace-wide');
    if (ns === null) return undefined;
    if (ns) return ns;
  }
  return fromScope(policies, root, 'the mesh-wide') ?? undefined;
}

function isScopeWide(p: Policy): boolean {
  return p.labels !== undefined && !Object.keys(p.labels).length;
}

/** The selector-less policy of a namespace that sets a mode: undefined when none, null when several disagree. */
function fromScope(policies: Policy[], namespace: string, scope: string): Governing | undefined | null {
  const list = policies.filter(
    (p) => p.resource.namespace === namespace && isScopeWide(p) && p.mode !== 'UNSET',
  );
  if (!list.length) return undefined;
  if (new Set(list.map((p) => p.mode)).size > 1) return null;
  return { policy: list[0]!, scope };
}
