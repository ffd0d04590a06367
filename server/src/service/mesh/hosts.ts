/** Istio host semantics: short names, FQDNs, wildcards, Kubernetes service hosts. */
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * Istio expands a host with no dot against the resource's namespace (`reviews` in `bookinfo` is
 * `reviews.bookinfo.svc.cluster.local`); hosts with a dot and wildcards are taken as written.
 */
export function resolveShortName(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** Whether `pattern` (possibly `*` or `*.suffix`) matches `host` (possibly a wildcard itself). */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    if (host.startsWith('*.')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return false;
}

/** Either host could match a request to the other (wildcards on either side). */
export function hostsOverlap(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/** Splits a `namespace/host` form (Sidecar egress, Gateway server hosts); `*` and `.` are namespaces too. */
export function splitNamespacedHost(value: string): { namespace?: string; host: string } {
  const slash = value.indexOf('/');
  return slash < 0 ? { host: value } : { namespace: value.slice(0, slash), host: value.slice(slash + 1) };
}

/** `name.namespace.svc.cluster.local` → {namespace, name}; anything else is a bare name. */
export function fullNameFromFqdn(host: string): { namespace?: string; name: string } {
  const m = /^(.+)\.(.+)\.svc\.cluster\.local$/.exec(host);
  return m ? { namespace: m[2]!, name: m[1]! } : { name: host };
}

/**
 * The Service a destination host names, as istio's analyzers read it: an in-cluster FQDN names its
 * own namespace; any other host is taken as a name in `namespace`.
 */
export function serviceRefFromHost(namespace: string, host: string): { namespace: string; name: string } {
  const full = fullNameFromFqdn(host);
  return full.namespace ? { namespace: full.namespace, name: full.name } : { namespace, name: host };
}
