/**
 * authn.BlockedCIDRsAnalyzer — when RequestAuthentications exist, istiod fetches their `jwksUri`s, and
 * without `BLOCKED_CIDRS_IN_JWKS_URIS` nothing stops a jwksUri from reaching internal addresses. Emits
 * IST0175 (JwksUriFetchUnrestricted) on each istiod Deployment (label `app: istiod`) none of whose
 * containers sets that environment variable to a non-empty value, pointing at the `discovery` container's
 * env.
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asString, displayName, get, type MeshResource } from '../../workspace/resource';

const ENV_NAME = 'BLOCKED_CIDRS_IN_JWKS_URIS';
const MAX_LISTED = 5;
const CONTAINERS = ['spec', 'template', 'spec', 'containers'];

export const blockedCidrsAnalyzer: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  analyze(ctx, report) {
    const policies = ctx.index.ofKind('RequestAuthentication', 'security.istio.io');
    if (!policies.length) return;
    for (const deployment of ctx.index.ofKind('Deployment', 'apps')) {
      if (get(deployment.value, 'metadata', 'labels', 'app') !== 'istiod') continue;
      const containers = asArray(get(deployment.value, ...CONTAINERS));
      if (setsBlockedCidrs(containers)) continue;
      report({
        message: 'JwksUriFetchUnrestricted',
        resource: deployment,
        path: discoveryEnvPath(containers),
        text: `istiod does not set ${ENV_NAME}, so the jwksUri fetches of ${policies.length} RequestAuthentication(s) (${listNames(policies)}) may reach any address, internal ones included; set it to the CIDRs istiod must not fetch from`,
        related: policies.slice(0, MAX_LISTED).map((ra) => ({
          resource: ra,
          message: `RequestAuthentication ${displayName(ra)} has istiod fetch JWKS`,
        })),
      });
    }
  },
};

function setsBlockedCidrs(containers: unknown[]): boolean {
  return containers.some((c) =>
    asArray(get(c, 'env')).some((e) => get(e, 'name') === ENV_NAME && !!asString(get(e, 'value'))),
  );
}

/** Where the variable belongs: the env of istiod's `discovery` container (else its first container). */
function discoveryEnvPath(containers: unknown[]): FieldPath {
  const i = Math.max(
    0,
    containers.findIndex((c) => get(c, 'name') === 'discovery'),
  );
  if (!containers.length) return CONTAINERS;
  return get(containers[i], 'env') === undefined ? [...CONTAINERS, i] : [...CONTAINERS, i, 'env'];
}

function listNames(policies: readonly MeshResource[]): string {
  const names = policies.slice(0, MAX_LISTED).map((ra) => `${ra.namespace}/${ra.name}`);
  const more = policies.length - MAX_LISTED;
  return more > 0 ? `${names.join(', ')}, and ${more} more` : names.join(', ');
}
