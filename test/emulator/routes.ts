/** The path of an API request → its resource type, version, namespace, name and subresource. */
import { findType } from './resources';
import type { Route } from './http-util';

export function route(path: string): Route | undefined {
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && findType(group, version, rest[2])) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = findType(group, version, rest[0]);
  if (!type) return undefined;
  if (!type.namespaced) namespace = undefined;
  return { type, version, namespace, name: rest[1], sub: rest[2], rest: rest.slice(3) };
}
