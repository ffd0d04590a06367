/**
 * apiVersion/kind pairs in a group we know that name no served resource: a version the group does not
 * serve, or a kind it does not have (with "did you mean"). The core group is shared with non-Kubernetes
 * files (kubeconfig is `v1 Config`, Helm charts are `v2`), so there only near-misses of real kinds count.
 */
import type { KindLookup, SchemaRegistry } from '../schema/registry';
import { Code, Severity, type OffsetDiagnostic } from './diagnostic';
import { didYouMean } from './did-you-mean';

type UnknownInGroup = Extract<KindLookup, { status: 'unknown-in-group' }>;

export interface UnknownResource {
  on: 'apiVersion' | 'kind';
  diagnostic: Omit<OffsetDiagnostic, 'start' | 'end'>;
}

export function unknownResource(
  found: UnknownInGroup,
  apiVersion: string,
  kind: string,
  registry: SchemaRegistry,
): UnknownResource | undefined {
  const groupName = found.group || 'the core group';
  if (found.reason === 'version') {
    const served = registry.apiVersionsOfKind(kind);
    if (!found.group && !served.some((v) => !v.includes('/'))) return undefined;
    const hint = served.length
      ? `${kind} is served as ${served.join(', ')}`
      : `served versions: ${found.known.join(', ')}`;
    return {
      on: 'apiVersion',
      diagnostic: {
        severity: Severity.Error,
        code: Code.unknownApiVersion,
        message: `${apiVersion} is not a served version of ${groupName} (${hint})`,
        data: { replacement: served[0] },
      },
    };
  }
  const suggestion = didYouMean(kind, found.known);
  if (!found.group && !suggestion) return undefined;
  return {
    on: 'kind',
    diagnostic: {
      severity: Severity.Error,
      code: Code.unknownKind,
      message: `Unknown kind '${kind}' in ${apiVersion}.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Known kinds: ${found.known.join(', ')}`,
      data: { replacement: suggestion },
    },
  };
}
