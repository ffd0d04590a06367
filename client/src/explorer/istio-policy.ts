/** Summaries of the policy and extension kinds: mTLS mode, authorization action, JWT issuers, patches. */
import { asArray, asLabels, asRecord, asString, dig, md } from './kube';
import type { Summarize } from './istio-routing';
import type { KubeObject } from './types';

export const selectorText = (o: KubeObject): string => {
  const labels = asLabels(
    dig(o.spec, 'selector', 'matchLabels') ?? dig(o.spec, 'workloadSelector', 'labels'),
  );
  const entries = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return entries.length ? entries.join(',') : 'namespace-wide';
};

export const sidecar: Summarize = (o) => {
  const hosts = asArray(dig(o.spec, 'egress')).flatMap((e) => asArray(dig(e, 'hosts')).map(String));
  const outbound = asString(dig(o.spec, 'outboundTrafficPolicy', 'mode'));
  return {
    description: [selectorText(o), `egress ${hosts.join(', ') || 'all'}`, outbound]
      .filter(Boolean)
      .join(' · '),
    details: [
      `Workloads: \`${selectorText(o)}\``,
      `Egress hosts: ${hosts.map((h) => `\`${h}\``).join(', ') || '_all_'}`,
    ],
  };
};

export const peerAuthentication: Summarize = (o) => {
  const mode = asString(dig(o.spec, 'mtls', 'mode')) ?? 'UNSET';
  const ports = Object.entries(asRecord(dig(o.spec, 'portLevelMtls'))).map(
    ([p, v]) => `${p}: ${asString(dig(v, 'mode')) ?? 'UNSET'}`,
  );
  return {
    description:
      `mTLS ${mode}` + (ports.length ? ` · ports ${ports.join(', ')}` : '') + ` · ${selectorText(o)}`,
    details: [`mTLS mode \`${mode}\` for \`${selectorText(o)}\``, ...ports.map((p) => `Port ${md(p)}`)],
    severity: mode === 'DISABLE' ? 'info' : undefined,
  };
};

export const authorizationPolicy: Summarize = (o) => {
  const action = asString(dig(o.spec, 'action')) ?? 'ALLOW';
  const rules = asArray(dig(o.spec, 'rules')).length;
  const provider = asString(dig(o.spec, 'provider', 'name'));
  const denyAll = action === 'ALLOW' && rules === 0;
  return {
    description:
      `${action}${provider ? ` (${provider})` : ''} · ` +
      (denyAll ? 'no rules: denies all' : `${rules} rule${rules === 1 ? '' : 's'}`) +
      ` · ${selectorText(o)}`,
    details: [
      `Action \`${action}\` on \`${selectorText(o)}\`, ${rules} rule${rules === 1 ? '' : 's'}`,
      ...(denyAll
        ? ['$(info) An ALLOW policy without rules denies every request to the selected workloads.']
        : []),
    ],
    severity: denyAll ? 'info' : undefined,
  };
};

export const requestAuthentication: Summarize = (o) => {
  const issuers = asArray(dig(o.spec, 'jwtRules')).map((r) => asString(dig(r, 'issuer')) ?? '?');
  return {
    description: `${issuers.join(', ') || 'no JWT rules'} · ${selectorText(o)}`,
    details: issuers.map((i) => `Issuer \`${i}\``),
  };
};

export const telemetry: Summarize = (o) => {
  const parts = ['tracing', 'metrics', 'accessLogging'].filter((k) => asArray(dig(o.spec, k)).length > 0);
  return { description: `${parts.join(', ') || 'empty'} · ${selectorText(o)}`, details: [] };
};

export const envoyFilter: Summarize = (o) => {
  const n = asArray(dig(o.spec, 'configPatches')).length;
  return {
    description: `${n} patch${n === 1 ? '' : 'es'} · ${selectorText(o)}`,
    details: ['EnvoyFilter patches generated Envoy config directly and may break on Istio upgrades.'],
  };
};

export const generic: Summarize = (o) => ({ description: selectorText(o), details: [] });
