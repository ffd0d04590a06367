/**
 * injection.ImageAutoAnalyzer — `image: auto` on an `istio-proxy` container is a placeholder that only the
 * injector fills in (gateway injection):
 * - IST0147 ImageAutoWithoutInjectionError on every Pod using it: pods are never re-injected, so the
 *   placeholder cannot be pulled;
 * - IST0146 ImageAutoWithoutInjectionWarning on a Deployment using it when no istio injection webhook
 *   (a MutatingWebhookConfiguration webhook named `*istio.io`) selects its namespace and pod labels.
 */
import type { Analyzer, RelatedRef } from '../../analysis/analyzer';
import { labelSelectorMatches } from '../../mesh/selectors';
import { ISTIO_PROXY, containersOf, findNamespace, labelsOf } from '../../mesh/sidecar-injection';
import { asArray, asLabels, asRecord, asString, get, type MeshResource } from '../../workspace/resource';
import type { FieldPath } from '../../analysis/analyzer';

const AUTO_IMAGE = 'auto';

interface IstioWebhook {
  config: MeshResource;
  index: number;
  namespaceSelector: unknown;
  objectSelector: unknown;
}

export const imageAutoAnalyzer: Analyzer = {
  name: 'injection.ImageAutoAnalyzer',
  analyze(ctx, report) {
    const webhooks = istioWebhooks(ctx.index.ofKind('MutatingWebhookConfiguration'));
    for (const pod of ctx.index.ofKind('Pod', '')) {
      const auto = autoImagePath(get(pod.value, 'spec'), ['spec']);
      if (!auto) continue;
      report({
        message: 'ImageAutoWithoutInjectionError',
        resource: pod,
        path: auto,
        text:
          `Pod ${pod.name} uses 'image: auto' for ${ISTIO_PROXY}, which only sidecar injection replaces with a real ` +
          `image; pods are never injected after creation, so this one cannot start. Deploy it through a Deployment ` +
          `in an injected namespace instead.`,
      });
    }
    for (const deployment of ctx.index.ofKind('Deployment', 'apps')) {
      const template = get(deployment.value, 'spec', 'template');
      const auto = autoImagePath(get(template, 'spec'), ['spec', 'template', 'spec']);
      if (!auto) continue;
      const ns = findNamespace(ctx.index, deployment.namespace);
      const nsLabels = ns ? labelsOf(ns) : {};
      const podLabels = asLabels(get(template, 'metadata', 'labels'));
      if (webhooks.some((w) => webhookSelects(w, nsLabels, podLabels))) continue;
      const related: RelatedRef[] = webhooks.map((w) => ({
        resource: w.config,
        path: ['webhooks', w.index, 'name'],
        message: 'this istio injection webhook does not select the deployment',
      }));
      report({
        message: 'ImageAutoWithoutInjectionWarning',
        resource: deployment,
        path: auto,
        text:
          `Deployment ${deployment.name} uses 'image: auto' for ${ISTIO_PROXY}, but no istio injection webhook selects ` +
          `namespace ${deployment.namespace} and its pod labels, so the image is never filled in. Label the namespace ` +
          `for injection (istio-injection=enabled or istio.io/rev) or the pod template (sidecar.istio.io/inject: "true").`,
        related,
      });
    }
  },
};

/** Path of the `image: auto` of the pod spec's istio-proxy container, if any. */
function autoImagePath(podSpec: unknown, prefix: FieldPath): FieldPath | undefined {
  const found = containersOf(podSpec, false).find(
    (c) => c.container.name === ISTIO_PROXY && asString(c.container.image) === AUTO_IMAGE,
  );
  return found ? [...prefix, found.field, found.index, 'image'] : undefined;
}

function istioWebhooks(configs: readonly MeshResource[]): IstioWebhook[] {
  return configs.flatMap((config) =>
    asArray(get(config.value, 'webhooks')).flatMap((w, index) => {
      const hook = asRecord(w);
      if (!(asString(hook.name) ?? '').endsWith('istio.io')) return [];
      return [
        { config, index, namespaceSelector: hook.namespaceSelector, objectSelector: hook.objectSelector },
      ];
    }),
  );
}

/** A missing selector matches everything (the webhook API's default). */
function webhookSelects(
  w: IstioWebhook,
  nsLabels: Record<string, string>,
  podLabels: Record<string, string>,
) {
  return (
    labelSelectorMatches(w.namespaceSelector, nsLabels) && labelSelectorMatches(w.objectSelector, podLabels)
  );
}
