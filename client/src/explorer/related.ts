/**
 * Which live objects relate to one another, for "Reveal Related": a VirtualService's hosts, destinations
 * and gateways; a DestinationRule's service and the routes using it; a Service's workloads and the
 * Istio config naming it; a workload's Services; a Gateway's routes. Pure: a snapshot and a reference in,
 * references out, each with the reason shown to the user.
 */
import { hostKey } from './istio-routing';
import {
  asArray,
  asRecord,
  asString,
  dig,
  labelsOf,
  matchesLabels,
  nameOf,
  objectsOf,
  resourceKey,
} from './kube';
import type { ClusterSnapshot, KubeObject, ResourceRef } from './types';

export interface Related {
  ref: ResourceRef;
  /** why it is related, e.g. "routes to reviews" */
  reason: string;
}

const NET = 'networking.istio.io';
const KEYS = {
  service: resourceKey('', 'Service'),
  virtualService: resourceKey(NET, 'VirtualService'),
  destinationRule: resourceKey(NET, 'DestinationRule'),
  gateway: resourceKey(NET, 'Gateway'),
  workloads: ['Deployment', 'StatefulSet', 'DaemonSet'].map((k) => resourceKey('apps', k)),
};

const refTo = (o: KubeObject, apiVersion: string, kind: string): ResourceRef => ({
  apiVersion: o.apiVersion ?? apiVersion,
  kind: o.kind ?? kind,
  namespace: o.metadata.namespace,
  name: nameOf(o),
});

const same = (o: KubeObject, ref: ResourceRef) =>
  nameOf(o) === ref.name && (o.metadata.namespace ?? '') === (ref.namespace ?? '');

/** Every destination host of a VirtualService's http/tcp/tls routes. */
function destinationHosts(vs: KubeObject): string[] {
  const spec = asRecord(vs.spec);
  const hosts: string[] = [];
  for (const section of ['http', 'tcp', 'tls'])
    for (const route of asArray(spec[section]))
      for (const r of asArray(dig(route, 'route'))) {
        const host = asString(dig(r, 'destination', 'host'));
        if (host) hosts.push(host);
      }
  return hosts;
}

/** `namespace/name` of each gateway a VirtualService binds (short names are in its namespace). */
function gatewaysOf(vs: KubeObject): string[] {
  const ns = vs.metadata.namespace ?? '';
  return asArray(dig(vs.spec, 'gateways'))
    .map((g) => asString(g) ?? '')
    .filter((g) => g && g !== 'mesh')
    .map((g) => (g.includes('/') ? g : `${ns}/${g}`));
}

const serviceKeyOf = (svc: KubeObject) => `${nameOf(svc)}.${svc.metadata.namespace ?? ''}.svc`;

function podTemplateLabels(workload: KubeObject): Record<string, string> {
  const labels = dig(workload.spec, 'template', 'metadata', 'labels');
  return typeof labels === 'object' && labels ? (labels as Record<string, string>) : {};
}

function selects(svc: KubeObject, workload: KubeObject): boolean {
  if (svc.metadata.namespace !== workload.metadata.namespace) return false;
  const selector = dig(svc.spec, 'selector');
  if (typeof selector !== 'object' || !selector || !Object.keys(selector).length) return false;
  return matchesLabels(podTemplateLabels(workload), selector as Record<string, string>);
}

/** Objects related to `ref` in the snapshot (never `ref` itself), in a stable order. */
export function relatedResources(s: ClusterSnapshot, ref: ResourceRef): Related[] {
  const out: Related[] = [];
  const seen = new Set<string>();
  const add = (o: KubeObject, apiVersion: string, kind: string, reason: string) => {
    const r = refTo(o, apiVersion, kind);
    const id = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    if (seen.has(id) || (same(o, ref) && r.kind === ref.kind)) return;
    seen.add(id);
    out.push({ ref: r, reason });
  };
  const services = objectsOf(s, KEYS.service);
  const vss = objectsOf(s, KEYS.virtualService);
  const drs = objectsOf(s, KEYS.destinationRule);
  const workloads = KEYS.workloads.flatMap((k) =>
    objectsOf(s, k).map((o) => ({ o, kind: k.split('/')[1]! })),
  );
  const ns = ref.namespace ?? '';
  const serviceByKey = (key: string) => services.find((svc) => serviceKeyOf(svc) === key);
  const vsHostKeys = (vs: KubeObject) => {
    const n = vs.metadata.namespace ?? '';
    return [...asArray(dig(vs.spec, 'hosts')).map((h) => asString(h) ?? ''), ...destinationHosts(vs)].map(
      (h) => hostKey(h, n),
    );
  };
  const drHostKey = (dr: KubeObject) =>
    hostKey(asString(dig(dr.spec, 'host')) ?? '', dr.metadata.namespace ?? '');

  const relateService = (key: string, why: string) => {
    const svc = serviceByKey(key);
    if (svc) add(svc, 'v1', 'Service', why);
    for (const dr of drs)
      if (drHostKey(dr) === key) add(dr, `${NET}/v1`, 'DestinationRule', `policy for ${key}`);
    for (const vs of vss)
      if (vsHostKeys(vs).includes(key)) add(vs, `${NET}/v1`, 'VirtualService', `routes ${key}`);
    if (svc)
      for (const w of workloads)
        if (selects(svc, w.o)) add(w.o, 'apps/v1', w.kind, `selected by ${nameOf(svc)}`);
  };

  switch (ref.kind) {
    case 'VirtualService': {
      const vs = vss.find((o) => same(o, ref));
      if (!vs) break;
      for (const key of vsHostKeys(vs)) relateService(key, `host or destination of ${ref.name}`);
      for (const g of gatewaysOf(vs)) {
        const [gns, gname] = g.split('/');
        const gw = objectsOf(s, KEYS.gateway).find(
          (o) => nameOf(o) === gname && o.metadata.namespace === gns,
        );
        if (gw) add(gw, `${NET}/v1`, 'Gateway', `bound by ${ref.name}`);
      }
      break;
    }
    case 'DestinationRule': {
      const dr = drs.find((o) => same(o, ref));
      if (dr) relateService(drHostKey(dr), `host of ${ref.name}`);
      break;
    }
    case 'Service':
      relateService(`${ref.name}.${ns}.svc`, `the service itself`);
      break;
    case 'Gateway':
      for (const vs of vss)
        if (gatewaysOf(vs).includes(`${ns}/${ref.name}`))
          add(vs, `${NET}/v1`, 'VirtualService', `binds ${ref.name}`);
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet': {
      const w = workloads.find((x) => x.kind === ref.kind && same(x.o, ref));
      if (!w) break;
      for (const svc of services)
        if (selects(svc, w.o)) relateService(serviceKeyOf(svc), `selects ${ref.name}`);
      break;
    }
    case 'Pod': {
      const pod = objectsOf(s, resourceKey('', 'Pod')).find((o) => same(o, ref));
      if (!pod) break;
      for (const svc of services) {
        const selector = dig(svc.spec, 'selector');
        if (svc.metadata.namespace !== ns || typeof selector !== 'object' || !selector) continue;
        if (
          Object.keys(selector).length &&
          matchesLabels(labelsOf(pod), selector as Record<string, string>)
        ) {
          add(svc, 'v1', 'Service', `selects ${ref.name}`);
        }
      }
      break;
    }
  }
  return out;
}
