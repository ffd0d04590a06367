/**
 * webhook.Analyzer — IST0139 InvalidWebhook on Istio's sidecar injection webhooks (the
 * MutatingWebhookConfigurations with a webhook named `*istio.io` or referring to an `istio.io/rev`):
 * - two webhooks match the same namespace/pod: tried on every combination of namespace labels
 *   (none, `istio-injection=enabled|disabled`, each with or without each revision) and pod labels
 *   (none, `sidecar.istio.io/inject=true|false`, each with or without each revision); the pod would be
 *   injected twice;
 * - a webhook whose `clientConfig.service` names a Service missing from the input.
 */
import type { Analyzer, AnalysisContext, Finding } from '../../analysis/analyzer';
import { labelSelectorMatches } from '../../mesh/selectors';
import { INJECTION_LABEL, REVISION_LABEL, SIDECAR_INJECT, labelsOf } from '../../mesh/sidecar-injection';
import { asArray, asRecord, asString, get, type MeshResource } from '../../workspace/resource';

interface Webhook {
  config: MeshResource;
  index: number;
  /** `configuration/webhook`, unique across the input. */
  key: string;
  name: string;
  namespaceSelector: unknown;
  objectSelector: unknown;
  service?: { namespace: string; name: string };
}

type Labels = Record<string, string>;
type Report = (finding: Finding) => void;

export const webhookAnalyzer: Analyzer = {
  name: 'webhook.Analyzer',
  analyze(ctx, report) {
    const revisions = new Set<string>();
    const webhooks: Webhook[] = [];
    for (const config of ctx.index.ofKind('MutatingWebhookConfiguration')) {
      const revs = configRevisions(config);
      const hooks = webhooksOf(config);
      if (revs.length === 0 && !hooks.some((h) => h.name.endsWith('istio.io'))) continue;
      revs.forEach((r) => revisions.add(r));
      webhooks.push(...hooks);
    }
    reportOverlaps(webhooks, [...revisions].sort(), report);
    reportMissingServices(ctx, webhooks, report);
  },
};

function webhooksOf(config: MeshResource): Webhook[] {
  const prefix = config.namespaceAsWritten ? `${config.namespaceAsWritten}/${config.name}` : config.name;
  return asArray(get(config.value, 'webhooks')).map((w, index) => {
    const hook = asRecord(w);
    const name = asString(hook.name) ?? '';
    const service = asRecord(get(hook, 'clientConfig', 'service'));
    return {
      config,
      index,
      key: `${prefix}/${name}`,
      name,
      namespaceSelector: hook.namespaceSelector,
      objectSelector: hook.objectSelector,
      service:
        get(hook, 'clientConfig', 'service') === undefined
          ? undefined
          : { namespace: asString(service.namespace) ?? '', name: asString(service.name) ?? '' },
    };
  });
}

/** Revisions a configuration serves: its `istio.io/rev` label and those its selectors match on. */
function configRevisions(config: MeshResource): string[] {
  const out = new Set<string>();
  const own = labelsOf(config)[REVISION_LABEL];
  if (own !== undefined) out.add(own);
  for (const w of asArray(get(config.value, 'webhooks'))) {
    for (const selector of [get(w, 'namespaceSelector'), get(w, 'objectSelector')]) {
      const matched = asString(get(selector, 'matchLabels', REVISION_LABEL));
      if (matched !== undefined) out.add(matched);
      for (const expr of asArray(get(selector, 'matchExpressions'))) {
        if (get(expr, 'key') === REVISION_LABEL)
          asArray(get(expr, 'values')).forEach((v) => out.add(String(v)));
      }
    }
  }
  return [...out];
}

/** The label sets to try: no label, `key=on`, `key=off`, then each of them with each revision. */
function permutations(key: string, on: string, off: string, revisions: string[]): Labels[] {
  const bases = (): Labels[] => [{}, { [key]: on }, { [key]: off }];
  return [...bases(), ...revisions.flatMap((rev) => bases().map((b) => ({ ...b, [REVISION_LABEL]: rev })))];
}

function describe(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : 'no labels';
}

function reportOverlaps(webhooks: Webhook[], revisions: string[], report: Report): void {
  // One finding per webhook and set of overlapping webhooks, with the first label combination showing it.
  const seen = new Set<string>();
  for (const nsLabels of permutations(INJECTION_LABEL, 'enabled', 'disabled', revisions)) {
    for (const podLabels of permutations(SIDECAR_INJECT, 'true', 'false', revisions)) {
      const matches = webhooks.filter(
        (w) =>
          labelSelectorMatches(w.namespaceSelector, nsLabels) &&
          labelSelectorMatches(w.objectSelector, podLabels),
      );
      const keys = [...new Set(matches.map((m) => m.key))];
      if (keys.length < 2) continue;
      for (const w of matches) {
        const others = matches.filter((o) => o.key !== w.key);
        const otherKeys = [...new Set(others.map((o) => o.key))].sort().join(', ');
        const id = `${w.key}|${otherKeys}`;
        if (seen.has(id)) continue;
        seen.add(id);
        report({
          message: 'InvalidWebhook',
          resource: w.config,
          path: ['webhooks', w.index, 'name'],
          text:
            `Webhook ${w.name} overlaps with ${otherKeys}: they all select a pod (${describe(podLabels)}) ` +
            `in a namespace (${describe(nsLabels)}), so the sidecar would be injected more than once.`,
          related: others.map((o) => ({
            resource: o.config,
            path: ['webhooks', o.index, 'name'],
            message: `overlapping webhook ${o.name}`,
          })),
        });
      }
    }
  }
}

function reportMissingServices(ctx: AnalysisContext, webhooks: Webhook[], report: Report): void {
  for (const w of webhooks) {
    if (!w.service) continue;
    if (ctx.index.find('Service', w.service.namespace, w.service.name, '')) continue;
    report({
      message: 'InvalidWebhook',
      resource: w.config,
      path: ['webhooks', w.index, 'clientConfig', 'service', 'name'],
      text:
        `Webhook ${w.name} sends injection requests to Service ${w.service.namespace}/${w.service.name}, ` +
        `which is not in the input: is the control plane service name or namespace wrong?`,
    });
  }
}
