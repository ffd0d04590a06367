/**
 * injection.ImageAnalyzer — IST0158 PodsIstioProxyImageMismatchInNamespace: in a namespace enabled for
 * injection (`istio-injection=enabled` or `istio.io/rev`), pods whose `istio-proxy` container (or native
 * sidecar) runs another image than the one the namespace's injector (the `istio-sidecar-injector[-rev]`
 * ConfigMap's `global.hub`/`global.proxy.image`/`global.tag`, plus the effective image type) would inject
 * today: they were injected by an older control plane and need a restart. One finding per namespace.
 * Pods pinning their image with `sidecar.istio.io/proxyImage` are skipped.
 */
import type { Analyzer, RelatedRef } from '../../analysis/analyzer';
import {
  INJECTION_ENABLED,
  INJECTION_LABEL,
  INJECTOR_CONFIG_MAP,
  ISTIO_PROXY,
  REVISION_LABEL,
  annotationsOf,
  containersOf,
  injectorConfigMapName,
  labelsOf,
} from '../../mesh/sidecar-injection';
import { asString, get, type MeshResource } from '../../workspace/resource';
import { imageTypeResolver } from './proxy-image-type';

const PROXY_IMAGE_ANNOTATION = 'sidecar.istio.io/proxyImage';

interface InjectedNamespace {
  resource: MeshResource;
  /** Name of the injector ConfigMap serving the namespace. */
  injector: string;
}

export const imageAnalyzer: Analyzer = {
  name: 'injection.ImageAnalyzer',
  analyze(ctx, report) {
    const injectorImages = injectorProxyImages(ctx.index.ofKind('ConfigMap', ''));
    if (injectorImages.size === 0) return;
    const namespaces = injectedNamespaces(ctx.index.ofKind('Namespace', ''));
    const imageType = imageTypeResolver(ctx);
    const mismatched = new Map<string, RelatedRef[]>();

    for (const pod of ctx.index.ofKind('Pod', '')) {
      const ns = namespaces.get(pod.namespace);
      if (!ns || annotationsOf(pod)[PROXY_IMAGE_ANNOTATION]) continue;
      const expected = injectorImages.get(ns.injector);
      if (!expected) continue;
      const variant = imageType(pod);
      for (const { container, field, index } of containersOf(get(pod.value, 'spec'))) {
        if (container.name !== ISTIO_PROXY) continue;
        const image = asString(container.image) ?? '';
        if (image === expected || (variant && image === `${expected}-${variant}`)) continue;
        const list = mismatched.get(pod.namespace) ?? [];
        list.push({
          resource: pod,
          path: ['spec', field, index, 'image'],
          message: `Pod ${pod.name} runs ${image || 'no image'}; the injector would inject ${expected}${variant ? ` (or ${expected}-${variant})` : ''}`,
        });
        mismatched.set(pod.namespace, list);
      }
    }

    for (const [name, pods] of mismatched) {
      const ns = namespaces.get(name)!;
      const label = labelsOf(ns.resource)[REVISION_LABEL] !== undefined ? REVISION_LABEL : INJECTION_LABEL;
      report({
        message: 'PodsIstioProxyImageMismatchInNamespace',
        resource: ns.resource,
        path: ['metadata', 'labels', label],
        text:
          `Namespace ${name}: the sidecar image of ${pods.length === 1 ? 'pod' : 'pods'} ` +
          `${[...new Set(pods.map((p) => p.resource.name))].join(', ')} differs from the image ${injectorImages.get(ns.injector)} ` +
          `the injector (${ns.injector}) injects; restart ${pods.length === 1 ? 'it' : 'them'} to pick up the current proxy.`,
        related: pods,
      });
    }
  },
};

/** Injector ConfigMap name → the proxy image it injects (ConfigMaps whose values can't be read are left out). */
function injectorProxyImages(configMaps: readonly MeshResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const cm of configMaps) {
    if (!cm.name.startsWith(INJECTOR_CONFIG_MAP)) continue;
    const image = injectedProxyImage(asString(get(cm.value, 'data', 'values')));
    if (image) out.set(cm.name, image);
  }
  return out;
}

/** `global.proxy.image` when it is a full reference (has a `/`), else `hub/image:tag`, from the values JSON. */
export function injectedProxyImage(valuesJson: string | undefined): string | undefined {
  if (!valuesJson) return undefined;
  let global: unknown;
  try {
    global = get(JSON.parse(valuesJson), 'global');
  } catch {
    return undefined;
  }
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const image = text(get(global, 'proxy', 'image'));
  if (image.includes('/')) return image;
  return `${text(get(global, 'hub'))}/${image}:${text(get(global, 'tag'))}`;
}

/** Namespaces with `istio-injection=enabled` or an `istio.io/rev` label, with the injector serving them. */
function injectedNamespaces(namespaces: readonly MeshResource[]): Map<string, InjectedNamespace> {
  const out = new Map<string, InjectedNamespace>();
  for (const ns of namespaces) {
    const labels = labelsOf(ns);
    const revision = labels[REVISION_LABEL];
    if (revision === undefined && labels[INJECTION_LABEL] !== INJECTION_ENABLED) continue;
    out.set(ns.name, { resource: ns, injector: injectorConfigMapName(revision ?? 'default') });
  }
  return out;
}
