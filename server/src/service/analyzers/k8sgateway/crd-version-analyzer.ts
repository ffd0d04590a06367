/**
 * k8sgateway.CRDVersionAnalyzer — IST0176 (GatewayAPICRDVersionBelowMinimum) when a Gateway API CRD's
 * `gateway.networking.k8s.io/bundle-version` annotation is older than the bundle this Istio version
 * requires for it: istiod ignores such CRDs, so their resources (e.g. TLSRoutes) are never programmed.
 * CRDs without the annotation, or with an unparsable version, are left alone (istiod logs those).
 */
import type { Analyzer } from '../../analysis/analyzer';
import { ofKindWithListItems } from '../../mesh/list-items';
import { asLabels, get } from '../../workspace/resource';

const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';

/** Minimum Gateway API bundle version per CRD name, as required by current Istio. */
const MINIMUM_BUNDLE_VERSIONS: Readonly<Record<string, Version>> = {
  'grpcroutes.gateway.networking.k8s.io': [1, 1, 0],
  'backendtlspolicies.gateway.networking.k8s.io': [1, 4, 0],
  'tlsroutes.gateway.networking.k8s.io': [1, 5, 0],
};

type Version = readonly [major: number, minor: number, patch: number];

export const crdVersionAnalyzer: Analyzer = {
  name: 'k8sgateway.CRDVersionAnalyzer',
  analyze(ctx, report) {
    for (const crd of ofKindWithListItems(ctx.index, 'CustomResourceDefinition', 'apiextensions.k8s.io')) {
      const minimum = MINIMUM_BUNDLE_VERSIONS[crd.name];
      if (!minimum) continue;
      const written = asLabels(get(crd.value, 'metadata', 'annotations'))[BUNDLE_VERSION_ANNOTATION];
      const installed = written === undefined ? undefined : parseVersion(written);
      if (!installed || compare(installed, minimum) >= 0) continue;
      report({
        message: 'GatewayAPICRDVersionBelowMinimum',
        resource: crd,
        path: ['metadata', 'annotations', BUNDLE_VERSION_ANNOTATION],
        text:
          `Gateway API CRD ${crd.name} is at bundle version ${written}, below the minimum ${minimum.join('.')} ` +
          `this Istio version requires: istiod ignores it, so its resources are not processed. Upgrade the Gateway API CRDs.`,
      });
    }
  },
};

/** A semantic version as Masterminds/semver reads it: optional `v`, 1–3 numbers, pre-release/build ignored. */
function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
