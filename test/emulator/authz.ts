/**
 * Bearer-token authorization with the API server's answers: 401 without a known token (anonymous
 * requests are admin unless denied), 403 naming the user, verb, resource and namespace like RBAC does.
 */
import { ApiError, fail, status } from './status';
import type { Req } from './http-util';

export interface TokenRule {
  verbs: string[]; // get, list, watch, create, update, patch, delete or '*'
  resources: string[]; // plural names, e.g. 'pods', 'pods/log', 'services/proxy', or '*'
  namespaces?: string[]; // omitted or '*' → all
}

/** Checks one request; throws the 401/403 ApiError. */
export type Authorize = (
  req: Req,
  verb: string,
  resource: string,
  namespace: string | undefined,
  group: string,
) => void;

export function makeAuthorizer(
  tokens: Map<string, 'admin' | TokenRule[]>,
  anonymous: 'admin' | 'deny' | TokenRule[],
): Authorize {
  return (req, verb, resource, namespace, group) => {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const rules = token === undefined ? (anonymous === 'deny' ? undefined : anonymous) : tokens.get(token);
    if (rules === undefined) {
      throw new ApiError(status(401, undefined, 'Unauthorized'));
    }
    if (rules === 'admin') return;
    const ok = rules.some(
      (r) =>
        (r.verbs.includes('*') || r.verbs.includes(verb)) &&
        (r.resources.includes('*') || r.resources.includes(resource)) &&
        (!r.namespaces ||
          r.namespaces.includes('*') ||
          (namespace !== undefined && r.namespaces.includes(namespace))),
    );
    if (!ok) {
      const [res, sub] = resource.split('/');
      const user = token ? `system:serviceaccount:emulator:${token.slice(0, 12)}` : 'system:anonymous';
      fail(
        403,
        `${res}${sub ? `/${sub}` : ''} is forbidden: User "${user}" cannot ${verb} resource "${res}"${sub ? ` with subresource "${sub}"` : ''} in API group "${group}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
        { group, kind: res },
      );
    }
  };
}
