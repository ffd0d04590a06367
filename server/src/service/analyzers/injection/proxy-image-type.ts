/**
 * The proxy image type (variant such as `distroless` or `debug`) a pod's sidecar is injected with:
 * MeshConfig `defaultConfig.image.imageType`, overridden by the root namespace's ProxyConfig, then the
 * pod namespace's ProxyConfig without selector, then ProxyConfigs selecting the pod, then the pod's
 * `proxy.istio.io/config` annotation. `default` means no variant.
 */
import { parse } from 'yaml';
import type { AnalysisContext } from '../../analysis/analyzer';
import { labelsMatch } from '../../mesh/selectors';
import { asLabels, asString, get, type MeshResource } from '../../workspace/resource';

const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

export type ImageTypeResolver = (pod: MeshResource) => string;

export function imageTypeResolver(ctx: AnalysisContext): ImageTypeResolver {
  const meshDefault = imageTypeOf(get(ctx.meshConfig.raw, 'defaultConfig'));
  const proxyConfigs = ctx.index.ofKind('ProxyConfig', 'networking.istio.io');
  const root = proxyConfigs.filter((pc) => pc.namespace === ctx.meshConfig.rootNamespace);
  const others = proxyConfigs.filter((pc) => pc.namespace !== ctx.meshConfig.rootNamespace);

  return (pod) => {
    const podLabels = asLabels(get(pod.value, 'metadata', 'labels'));
    let variant = meshDefault;
    const override = (value: string | undefined) => {
      if (value) variant = value;
    };
    for (const pc of root) override(imageTypeOf(get(pc.value, 'spec')));
    for (const pc of others) {
      if (pc.namespace !== pod.namespace || get(pc.value, 'spec', 'selector') !== undefined) continue;
      override(imageTypeOf(get(pc.value, 'spec')));
    }
    for (const pc of others) {
      const selector = get(pc.value, 'spec', 'selector');
      if (pc.namespace !== pod.namespace || selector === undefined) continue;
      if (labelsMatch(asLabels(get(selector, 'matchLabels')), podLabels))
        override(imageTypeOf(get(pc.value, 'spec')));
    }
    override(
      annotationImageType(asString(get(pod.value, 'metadata', 'annotations', PROXY_CONFIG_ANNOTATION))),
    );
    return variant === 'default' ? '' : (variant ?? '');
  };
}

/** `image.imageType` of a ProxyConfig spec or MeshConfig ProxyConfig. */
function imageTypeOf(proxyConfig: unknown): string | undefined {
  return asString(get(proxyConfig, 'image', 'imageType')) || undefined;
}

function annotationImageType(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    return imageTypeOf(parse(text));
  } catch {
    return undefined;
  }
}
