/**
 * schemaValidation.CollectionValidationAnalyzer — the route-rule checks of istio's VirtualService
 * validation, over the http, tcp and tls route lists:
 *
 * - IST0130 VirtualServiceUnreachableRule: a rule can never be used, because an earlier rule without
 *   matches already takes all traffic, or because every one of its matches repeats an earlier match.
 * - IST0131 VirtualServiceIneffectiveMatch: a match can never be used, because an earlier match is the
 *   same (ignoring its name) or, for http, an earlier URI prefix match covers it.
 *
 * The other schema validation errors and warnings of istio's validation webhook are not reproduced here.
 */
import type { Analyzer, Finding } from '../../analysis/analyzer';
import type { MeshResource } from '../../workspace/resource';
import { ruleIssues, type RouteSection, type RuleIssue } from './route-rule-matches';

const SECTIONS: readonly RouteSection[] = ['http', 'tcp', 'tls'];

export const collectionValidationAnalyzer: Analyzer = {
  name: 'schemaValidation.CollectionValidationAnalyzer',
  analyze(ctx, report) {
    for (const vs of ctx.index.ofKind('VirtualService', 'networking.istio.io')) {
      // Like istioctl, the same message is given once per resource.
      const seen = new Set<string>();
      for (const section of SECTIONS) {
        for (const issue of ruleIssues(vs.value, section)) {
          const finding = toFinding(vs, section, issue);
          const key = `${finding.message}\u0000${finding.text}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report(finding);
        }
      }
    }
  },
};

function toFinding(vs: MeshResource, section: RouteSection, issue: RuleIssue): Finding {
  if (issue.kind === 'unreachable') {
    const earlier = [...new Set(issue.shadowedBy.map((r) => r.label))].join(', ');
    const why =
      issue.reason === 'catch-all'
        ? `rule ${earlier} before it has no match conditions and already takes all traffic`
        : `each of its matches repeats a match of an earlier rule (${earlier})`;
    return {
      message: 'VirtualServiceUnreachableRule',
      resource: vs,
      path: issue.reason === 'catch-all' ? issue.rule.path : [...issue.rule.path, 'match'],
      text: `${section} rule ${issue.rule.label} is never used: ${why}.`,
      related: issue.shadowedBy.map((r) => ({
        resource: vs,
        path: r.path,
        message: `${section} rule ${r.label} takes this traffic first`,
      })),
    };
  }
  const { rule, match, shadowedBy, overlap } = issue;
  const earlier = `match ${shadowedBy.match.label} of ${section} rule ${shadowedBy.rule.label}`;
  const text = overlap
    ? `Match ${match.label} (uri prefix '${overlap.prefix}') of ${section} rule ${rule.label} is never used: ` +
      `${earlier} (uri prefix '${overlap.coveringPrefix}') comes first and matches the same requests.`
    : `Match ${match.label} of ${section} rule ${rule.label} is never used: ${earlier} is the same and comes first.`;
  return {
    message: 'VirtualServiceIneffectiveMatch',
    resource: vs,
    path: overlap ? [...match.path, 'uri', 'prefix'] : match.path,
    text,
    related: [
      { resource: vs, path: shadowedBy.match.path, message: `${earlier} takes these requests first` },
    ],
  };
}
