/**
 * destinationrule.CaCertificateAnalyzer — a DestinationRule that originates TLS (mode SIMPLE or MUTUAL)
 * without `caCertificates` does not verify the server's certificate. Emits IST0128
 * (NoServerCertificateVerificationDestinationLevel) for `spec.trafficPolicy.tls` and IST0129
 * (NoServerCertificateVerificationPortLevel) for each `spec.trafficPolicy.portLevelSettings[i].tls`.
 * A `credentialName` counts as a CA source only when the rule has a `workloadSelector` (istio reads the
 * credential for the selected workloads only).
 */
import type { Analyzer, FieldPath } from '../../analysis/analyzer';
import { asArray, asRecord, asString, displayName, get, type MeshResource } from '../../workspace/resource';

const VERIFYING_MODES = new Set(['SIMPLE', 'MUTUAL']);

export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  analyze(ctx, report) {
    for (const dr of ctx.index.ofKind('DestinationRule', 'networking.istio.io')) {
      const policy = ['spec', 'trafficPolicy'];
      const destination = unverifiedTls(dr, [...policy, 'tls'], '');
      if (destination)
        report({ message: 'NoServerCertificateVerificationDestinationLevel', resource: dr, ...destination });
      asArray(get(dr.value, ...policy, 'portLevelSettings')).forEach((settings, i) => {
        const port = String(get(settings, 'port', 'number') ?? '(unset)');
        const found = unverifiedTls(dr, [...policy, 'portLevelSettings', i, 'tls'], ` on port ${port}`);
        if (found) report({ message: 'NoServerCertificateVerificationPortLevel', resource: dr, ...found });
      });
    }
  },
};

/** The TLS settings at `tlsPath` when they originate TLS with no CA to verify the server: where and why. */
function unverifiedTls(
  dr: MeshResource,
  tlsPath: FieldPath,
  where: string,
): { path: FieldPath; text: string } | undefined {
  const tls = asRecord(get(dr.value, ...tlsPath));
  const mode = asString(tls.mode);
  if (!mode || !VERIFYING_MODES.has(mode) || asString(tls.caCertificates)) return undefined;
  const credentialName = asString(tls.credentialName);
  const hasSelector = get(dr.value, 'spec', 'workloadSelector') !== undefined;
  if (credentialName && hasSelector) return undefined;
  const host = asString(get(dr.value, 'spec', 'host')) || '(no host)';
  const hint = credentialName
    ? `; credentialName '${credentialName}' only supplies the CA when the DestinationRule has a workloadSelector`
    : '';
  return {
    path: [...tlsPath, 'mode'],
    text: `DestinationRule ${displayName(dr)} originates TLS (mode ${mode})${where} to ${host} without caCertificates, so the server certificate is not verified${hint}`,
  };
}
