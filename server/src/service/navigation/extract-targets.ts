/**
 * Targets of one resource: DestinationRule subsets, Gateways (Istio and Gateway API), Services,
 * ServiceEntry hosts, and workload pod labels.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { FieldPath } from '../analysis/analyzer';
import { resolveShortName, serviceFqdn } from '../mesh/hosts';
import { scalarKey } from '../parser/ast';
import { asArray, asLabels, asString, get, type MeshResource } from '../workspace/resource';
import { fieldNodes, nodeSpan, scalarSite, type Span } from './spans';
import type { GatewayApi, LabelSite, Target } from './types';

export const ISTIO_NETWORKING = 'networking.istio.io';
export const GATEWAY_API = 'gateway.networking.k8s.io';

/** A label map with the span of its key, the area from its key to its end, and each label's span. */
export interface LabelMap {
  span: Span;
  area: Span;
  labels: Record<string, string>;
  labelSites: LabelSite[];
}

/** The string labels of the map at `path` (undefined when absent, not a map, or empty). */
export function labelMap(resource: MeshResource, path: FieldPath): LabelMap | undefined {
  const nodes = fieldNodes(resource, path);
  if (!nodes || !isMap(nodes.value)) return undefined;
  const span = nodeSpan(resource, nodes.key);
  const mapSpan = nodeSpan(resource, nodes.value);
  if (!span || !mapSpan) return undefined;
  const labels: Record<string, string> = {};
  const labelSites: LabelSite[] = [];
  for (const pair of nodes.value.items) {
    const key = scalarKey(pair);
    if (key === undefined || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
    labels[key] = pair.value.value;
    const keySpan = nodeSpan(resource, pair.key as Node);
    const valueSpan = nodeSpan(resource, pair.value);
    if (keySpan && valueSpan) {
      labelSites.push({ key, value: pair.value.value, span: { ...keySpan, end: valueSpan.end } });
    }
  }
  if (!labelSites.length) return undefined;
  return { span, area: { uri: span.uri, start: span.start, end: mapSpan.end }, labels, labelSites };
}

/** The targets a resource declares. `isWorkload` says whether it runs pods (see mesh/selectors.ts). */
export function extractTargets(resource: MeshResource, isWorkload: boolean): Target[] {
  const out: Target[] = [];
  const { kind, group } = resource;
  if (kind === 'DestinationRule' && group === ISTIO_NETWORKING) subsets(resource, out);
  if (kind === 'Gateway' && (group === ISTIO_NETWORKING || group === GATEWAY_API)) {
    gateway(resource, group === ISTIO_NETWORKING ? 'istio' : 'gateway-api', out);
  }
  if (kind === 'Service' && group === '') {
    const site = scalarSite(resource, ['metadata', 'name']);
    if (site) {
      const host = serviceFqdn(site.value, resource.namespace);
      out.push({ type: 'service', resource, path: ['metadata', 'name'], span: site.span, host });
    }
  }
  if (kind === 'ServiceEntry' && group === ISTIO_NETWORKING) {
    asArray(get(resource.value, 'spec', 'hosts')).forEach((_, i) => {
      const path = ['spec', 'hosts', i];
      const site = scalarSite(resource, path);
      if (!site) return;
      const host = resolveShortName(site.value, resource.namespace);
      out.push({ type: 'serviceEntry', resource, path, span: site.span, host });
    });
  }
  if (isWorkload) {
    const path = kind === 'Pod' ? ['metadata', 'labels'] : ['spec', 'template', 'metadata', 'labels'];
    const map = labelMap(resource, path);
    if (map) {
      const { span, area, labels, labelSites } = map;
      out.push({ type: 'workload', resource, path, span, area, labels, labelSites });
    }
  }
  return out;
}

function subsets(dr: MeshResource, out: Target[]): void {
  const host = resolveShortName(asString(get(dr.value, 'spec', 'host')) ?? '', dr.namespace);
  asArray(get(dr.value, 'spec', 'subsets')).forEach((subset, i) => {
    const path = ['spec', 'subsets', i, 'name'];
    const site = scalarSite(dr, path);
    if (!site) return;
    out.push({
      type: 'subset',
      resource: dr,
      path,
      span: site.span,
      nameSpan: site.text,
      name: site.value,
      host,
      labels: asLabels(get(subset, 'labels')),
    });
  });
}

function gateway(resource: MeshResource, api: GatewayApi, out: Target[]): void {
  const site = scalarSite(resource, ['metadata', 'name']);
  if (!site) return;
  out.push({
    type: 'gateway',
    resource,
    path: ['metadata', 'name'],
    span: site.span,
    nameSpan: site.text,
    api,
    namespace: resource.namespace,
    name: site.value,
  });
}
