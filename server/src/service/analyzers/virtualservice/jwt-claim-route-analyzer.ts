/**
 * virtualservice.JWTClaimRouteAnalyzer — IST0149 JwtClaimBasedRoutingWithoutRequestAuthN when a
 * VirtualService bound to a Gateway matches on a JWT claim header (`@request.auth.claims.*`) but a
 * gateway pod selected by that Gateway has no RequestAuthentication (in its namespace or the root
 * namespace) selecting it: without one the claims are never populated and the route never matches.
 * Reported once per such pod.
 */
import type { AnalysisContext, Analyzer, FieldPath } from '../../analysis/analyzer';
import { analysisPods } from '../../mesh/analysis-pods';
import { labelsMatch } from '../../mesh/selectors';
import { stringList } from '../../mesh/service-registry';
import { asArray, asLabels, asRecord, get, type MeshResource } from '../../workspace/resource';

const JWT_CLAIM_PREFIX = '@request.auth.claims';
const MESH_GATEWAY = 'mesh';

export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  analyze(ctx, report) {
    const authnSelectors = requestAuthnSelectorsByNamespace(ctx);
    const pods = analysisPods(ctx);
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      const claim = jwtClaimMatch(vs);
      if (!claim) continue;
      for (const gateway of stringList(get(vs.value, 'spec', 'gateways'))) {
        if (gateway === MESH_GATEWAY) continue;
        const gw = findGateway(ctx, vs.namespace, gateway);
        if (!gw) continue; // a missing gateway is the GatewayAnalyzer's finding
        const selector = asLabels(get(gw.value, 'spec', 'selector'));
        for (const pod of pods) {
          if (!labelsMatch(selector, pod.labels)) continue;
          const selectors = [
            ...(authnSelectors.get(ctx.meshConfig.rootNamespace) ?? []),
            ...(pod.namespace === ctx.meshConfig.rootNamespace
              ? []
              : (authnSelectors.get(pod.namespace) ?? [])),
          ];
          if (selectors.some((s) => labelsMatch(s, pod.labels))) continue;
          report({
            message: 'JwtClaimBasedRoutingWithoutRequestAuthN',
            resource: vs,
            path: claim.path,
            text:
              `Routes on JWT claim '${claim.key}' through gateway ${gw.namespace}/${gw.name}, but its pod ` +
              `${pod.namespace}/${pod.name} has no RequestAuthentication, so the claim is never set`,
            related: [{ resource: gw, path: ['spec', 'selector'], message: 'Gateway selecting the pod' }],
          });
        }
      }
    }
  },
};

/** matchLabels of every RequestAuthentication, by namespace (no selector selects every pod). */
function requestAuthnSelectorsByNamespace(ctx: AnalysisContext): Map<string, Record<string, string>[]> {
  const out = new Map<string, Record<string, string>[]>();
  for (const ra of ctx.index.ofKind('RequestAuthentication', 'security.istio.io')) {
    const list = out.get(ra.namespace) ?? [];
    list.push(asLabels(get(ra.value, 'spec', 'selector', 'matchLabels')));
    out.set(ra.namespace, list);
  }
  return out;
}

/** The first header (or withoutHeaders) match on a JWT claim, with its path. */
function jwtClaimMatch(vs: MeshResource): { key: string; path: FieldPath } | undefined {
  const http = asArray(get(vs.value, 'spec', 'http'));
  for (let i = 0; i < http.length; i++) {
    const matches = asArray(get(http[i], 'match'));
    for (let j = 0; j < matches.length; j++) {
      for (const field of ['headers', 'withoutHeaders']) {
        for (const key of Object.keys(asRecord(get(matches[j], field)))) {
          if (key.startsWith(JWT_CLAIM_PREFIX)) {
            return { key, path: ['spec', 'http', i, 'match', j, field, key] };
          }
        }
      }
    }
  }
  return undefined;
}

function findGateway(ctx: AnalysisContext, namespace: string, gateway: string): MeshResource | undefined {
  const slash = gateway.indexOf('/');
  const ns = slash < 0 ? namespace : gateway.slice(0, slash);
  const name = slash < 0 ? gateway : gateway.slice(slash + 1);
  return ctx.index.find('Gateway', ns, name, 'networking.istio.io');
}
