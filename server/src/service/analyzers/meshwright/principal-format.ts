/**
 * meshwright.PrincipalFormatAnalyzer — MW0007: an AuthorizationPolicy principal that can never equal
 * a workload identity. Istio compares `source.principals` / `source.notPrincipals` (and `when`
 * conditions on `source.principal`) with the peer's SPIFFE identity without its `spiffe://` scheme:
 * `<trust domain>/ns/<namespace>/sa/<service account>`, e.g. `cluster.local/ns/bookinfo/sa/reviews`.
 * Accepted: that form with any trust domain, `*`, and one wildcard at the start (`*\/sa/reviews`) or
 * the end (`cluster.local/ns/bookinfo/*`) whose fixed part can still be completed to that form.
 * Reported: the `spiffe://` prefix, a missing trust domain (`ns/bookinfo/sa/reviews`), a bare service
 * account name, `serviceaccount` for `sa`, and wildcards in the middle (Istio matches them literally).
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asString, get } from '../../workspace/resource';

export const principalFormatAnalyzer: Analyzer = {
  name: 'meshwright.PrincipalFormatAnalyzer',
  analyze(ctx, report) {
    for (const ap of ctx.index.ofKind('AuthorizationPolicy', 'security.istio.io')) {
      const check = (path: FieldPath, value: unknown, field: string) => {
        const principal = asString(value);
        if (principal === undefined) return;
        const problem = principalProblem(principal);
        if (!problem) return;
        report({
          message: 'MW0007',
          resource: ap,
          path,
          text: `${field} '${principal}' can never match a workload identity: ${problem}. Istio principals have the form <trust domain>/ns/<namespace>/sa/<service account>, e.g. cluster.local/ns/default/sa/sleep.`,
        });
      };
      asArray(get(ap.value, 'spec', 'rules')).forEach((rule, i) => {
        asArray(get(rule, 'from')).forEach((from, j) => {
          for (const field of ['principals', 'notPrincipals']) {
            asArray(get(from, 'source', field)).forEach((p, k) =>
              check(['spec', 'rules', i, 'from', j, 'source', field, k], p, `Principal`),
            );
          }
        });
        asArray(get(rule, 'when')).forEach((when, j) => {
          if (get(when, 'key') !== 'source.principal') return;
          for (const field of ['values', 'notValues']) {
            asArray(get(when, field)).forEach((p, k) =>
              check(['spec', 'rules', i, 'when', j, field, k], p, `source.principal value`),
            );
          }
        });
      });
    }
  },
};

/** Why `principal` cannot match `<td>/ns/<ns>/sa/<sa>`, or undefined when it can. */
export function principalProblem(principal: string): string | undefined {
  if (principal === '*') return undefined;
  if (/^spiffe:\/\//i.test(principal)) return 'Istio principals leave out the spiffe:// scheme';
  if (principal === '') return 'it is empty';
  const inner = principal.slice(1, -1);
  if (inner.includes('*') || (principal.length > 1 && principal.startsWith('*') && principal.endsWith('*'))) {
    return 'Istio supports a single * at the start or the end of a principal only; other * are matched literally';
  }
  if (principal.startsWith('*')) {
    return suffixCanMatch(principal.slice(1).split('/'))
      ? undefined
      : 'no identity ends that way (…/ns/<namespace>/sa/<service account>)';
  }
  if (principal.endsWith('*')) {
    return prefixCanMatch(principal.slice(0, -1).split('/'))
      ? undefined
      : 'no identity starts that way (<trust domain>/ns/<namespace>/sa/…)';
  }
  const parts = principal.split('/');
  if (parts.length === 5 && parts[1] === 'ns' && parts[3] === 'sa' && parts.every(Boolean)) return undefined;
  if (parts.length === 4 && parts[0] === 'ns' && parts[2] === 'sa') return 'it lacks the trust domain';
  if (parts.length === 5 && parts[1] === 'ns' && parts[3] === 'serviceaccount') return "the segment is 'sa'";
  if (parts.length === 1) return 'it is not a full identity (a bare name)';
  return 'it is not of the form <trust domain>/ns/<namespace>/sa/<service account>';
}

const SHAPE = ['', 'ns', '', 'sa', ''];

/** Segments of a prefix (the last one may be cut short) that some identity starts with. */
function prefixCanMatch(segments: string[]): boolean {
  if (segments.length > 5) return false;
  return segments.every((seg, i) => {
    const last = i === segments.length - 1;
    const fixed = SHAPE[i]!;
    if (fixed) return last ? fixed.startsWith(seg) : seg === fixed;
    return last || seg.length > 0;
  });
}

/** Segments of a suffix (the first one may be cut short) that some identity ends with. */
function suffixCanMatch(segments: string[]): boolean {
  if (segments.length > 5) return false;
  const offset = 5 - segments.length;
  return segments.every((seg, i) => {
    const first = i === 0;
    const fixed = SHAPE[offset + i]!;
    if (fixed) return first ? fixed.endsWith(seg) : seg === fixed;
    return first || seg.length > 0;
  });
}
