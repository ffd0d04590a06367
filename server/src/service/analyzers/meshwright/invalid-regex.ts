/**
 * meshwright.InvalidRegexAnalyzer — MW0009: a regular expression that RE2 does not accept, where
 * Istio and Envoy use RE2: VirtualService `regex` string matches (`uri`, `scheme`, `method`,
 * `authority`, `headers`, `queryParams`, `withoutHeaders`), `corsPolicy.allowOrigins[].regex` and
 * `rewrite.uriRegexRewrite.match`; Gateway API HTTPRoute/GRPCRoute matches of type
 * `RegularExpression`. Istio rejects a VirtualService whose regex does not compile with Go's RE2
 * (`regexp.Compile`), is empty, or is longer than 1024 bytes; Envoy rejects the route of an HTTPRoute.
 * Lookaround, backreferences, possessive quantifiers and atomic groups are the usual PCRE habits.
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { describeRe2Problem, ISTIO_MAX_REGEX_BYTES, re2Problem } from '../../mesh/re2-syntax';
import { asArray, asRecord, get, type MeshResource } from '../../workspace/resource';

const STRING_MATCHES = ['uri', 'scheme', 'method', 'authority'] as const;
const MAP_MATCHES = ['headers', 'queryParams', 'withoutHeaders'] as const;

export const invalidRegexAnalyzer: Analyzer = {
  name: 'meshwright.InvalidRegexAnalyzer',
  analyze(ctx, report) {
    const check = (
      resource: MeshResource,
      path: FieldPath,
      value: unknown,
      where: string,
      istio: boolean,
    ) => {
      if (typeof value !== 'string') return;
      let problem: string | undefined;
      if (value === '') {
        if (!istio) return;
        problem = 'the regex is empty, which Istio rejects';
      } else if (istio && new TextEncoder().encode(value).length > ISTIO_MAX_REGEX_BYTES) {
        problem = `the regex is longer than ${ISTIO_MAX_REGEX_BYTES} bytes, which Istio rejects`;
      } else {
        const p = re2Problem(value);
        if (p) problem = describeRe2Problem(p);
      }
      if (!problem) return;
      report({
        message: 'MW0009',
        resource,
        path,
        text: `Invalid RE2 regular expression in ${where}: ${problem}. ${istio ? 'Istio rejects the VirtualService' : 'Envoy rejects the route'}; regexes follow RE2 syntax (https://github.com/google/re2/wiki/Syntax) and must match the whole value.`,
      });
    };

    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      asArray(get(vs.value, 'spec', 'http')).forEach((rule, i) => {
        asArray(get(rule, 'match')).forEach((match, j) => {
          const base = ['spec', 'http', i, 'match', j];
          for (const field of STRING_MATCHES) {
            check(vs, [...base, field, 'regex'], get(match, field, 'regex'), `match ${field}`, true);
          }
          for (const field of MAP_MATCHES) {
            for (const [name, sm] of Object.entries(asRecord(get(match, field)))) {
              check(vs, [...base, field, name, 'regex'], get(sm, 'regex'), `match ${field} '${name}'`, true);
            }
          }
        });
        asArray(get(rule, 'corsPolicy', 'allowOrigins')).forEach((origin, k) => {
          const path = ['spec', 'http', i, 'corsPolicy', 'allowOrigins', k, 'regex'];
          check(vs, path, get(origin, 'regex'), 'corsPolicy.allowOrigins', true);
        });
        const rewrite = get(rule, 'rewrite', 'uriRegexRewrite', 'match');
        check(
          vs,
          ['spec', 'http', i, 'rewrite', 'uriRegexRewrite', 'match'],
          rewrite,
          'uriRegexRewrite.match',
          true,
        );
      });
    }

    for (const kind of ['HTTPRoute', 'GRPCRoute']) {
      for (const route of ctx.index.ofKind(kind, 'gateway.networking.k8s.io')) {
        asArray(get(route.value, 'spec', 'rules')).forEach((rule, i) => {
          asArray(get(rule, 'matches')).forEach((match, j) => {
            const base = ['spec', 'rules', i, 'matches', j];
            const regex = (m: unknown) => get(m, 'type') === 'RegularExpression';
            const path = get(match, 'path');
            if (regex(path))
              check(route, [...base, 'path', 'value'], get(path, 'value'), 'path match', false);
            for (const field of ['headers', 'queryParams']) {
              asArray(get(match, field)).forEach((m, k) => {
                if (!regex(m)) return;
                const name = String(get(m, 'name') ?? '');
                check(
                  route,
                  [...base, field, k, 'value'],
                  get(m, 'value'),
                  `${field} match '${name}'`,
                  false,
                );
              });
            }
            const method = get(match, 'method');
            if (regex(method)) {
              for (const field of ['service', 'method']) {
                check(route, [...base, 'method', field], get(method, field), `method ${field} match`, false);
              }
            }
          });
        });
      }
    }
  },
};
