/** Walks a VirtualService's route destinations (http, tcp, tls) and HTTP mirrors, with their paths. */
import type { FieldPath } from '../../analysis/analyzer';
import { asArray, asRecord, get } from '../../workspace/resource';

export interface RouteDestination {
  destination: Record<string, unknown>;
  /** Path of the `destination` object in the VirtualService. */
  path: FieldPath;
  protocol: 'http' | 'tcp' | 'tls';
}

export function routeDestinations(vs: unknown): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    asArray(get(vs, 'spec', protocol)).forEach((rule, i) => {
      asArray(get(rule, 'route')).forEach((route, j) => {
        const destination = asRecord(get(route, 'destination'));
        out.push({ destination, path: ['spec', protocol, i, 'route', j, 'destination'], protocol });
      });
    });
  }
  return out;
}

export function mirrorDestinations(vs: unknown): RouteDestination[] {
  const out: RouteDestination[] = [];
  asArray(get(vs, 'spec', 'http')).forEach((rule, i) => {
    const mirror = get(rule, 'mirror');
    if (mirror)
      out.push({ destination: asRecord(mirror), path: ['spec', 'http', i, 'mirror'], protocol: 'http' });
    asArray(get(rule, 'mirrors')).forEach((m, j) => {
      const destination = asRecord(get(m, 'destination'));
      out.push({ destination, path: ['spec', 'http', i, 'mirrors', j, 'destination'], protocol: 'http' });
    });
  });
  return out;
}
