/**
 * envoyfilter.EnvoyPatchAnalyzer — checks the operation of each EnvoyFilter config patch:
 *
 * - IST0153 EnvoyFilterUsesAddOperationIncorrectly: ADD on ROUTE_CONFIGURATION or HTTP_ROUTE (ignored).
 * - IST0154 EnvoyFilterUsesRemoveOperationIncorrectly: REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE (ignored).
 * - IST0152 EnvoyFilterUsesReplaceOperationIncorrectly: REPLACE on anything but HTTP_FILTER, NETWORK_FILTER
 *   or VIRTUAL_HOST.
 * - IST0151 EnvoyFilterUsesRelativeOperation: a relative operation (REMOVE, REPLACE, INSERT_BEFORE,
 *   INSERT_AFTER) in a filter without a priority, so its effect depends on the order filters are applied.
 * - IST0155 EnvoyFilterUsesRelativeOperationWithProxyVersion: the same, for a patch whose filter name was
 *   already patched by an earlier patch that matches on proxyVersion (its order changes on upgrade).
 *
 * As istioctl, each message is given once per EnvoyFilter: the first offending patch is the finding, the
 * others are listed as related locations.
 */
import type { Analyzer, FieldPath, Finding } from '../../analysis/analyzer';
import type { MessageName } from '../../analysis/messages';
import { asArray, asRecord, asString, get, isObject, type MeshResource } from '../../workspace/resource';

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const REPLACEABLE = new Set(['HTTP_FILTER', 'NETWORK_FILTER', 'VIRTUAL_HOST']);
const INSERTS = new Set(['INSERT_BEFORE', 'INSERT_AFTER']);

interface PatchIssue {
  message: MessageName;
  index: number;
  text: string;
}

export const envoyPatchAnalyzer: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  analyze(ctx, report) {
    // Filter names patched by a proxyVersion-scoped patch, carried across EnvoyFilters in order.
    const versionScopedNames: string[] = [];
    for (const ef of ctx.index.ofKind('EnvoyFilter', 'networking.istio.io')) {
      const issues = patchIssues(ef, versionScopedNames);
      for (const finding of onePerMessage(ef, issues)) report(finding);
    }
  },
};

function patchIssues(ef: MeshResource, versionScopedNames: string[]): PatchIssue[] {
  const issues: PatchIssue[] = [];
  const priority = Number(get(ef.value, 'spec', 'priority') ?? 0) || 0;
  const patches = asArray(get(ef.value, 'spec', 'configPatches'));
  for (let index = 0; index < patches.length; index++) {
    const cp = asRecord(patches[index]);
    // istio stops at the first config patch without a `patch` section.
    if (!isObject(cp.patch)) break;
    const operation = asString(cp.patch.operation) ?? '';
    const applyTo = asString(cp.applyTo) ?? '';
    const name = instanceName(cp);
    const relative = () => {
      if (priority === 0) issues.push(relativeIssue(index, operation, name, versionScopedNames));
    };
    if (operation === 'ADD') {
      if (ROUTE_LEVEL.has(applyTo))
        issues.push(misusedOperation('EnvoyFilterUsesAddOperationIncorrectly', index, cp));
    } else if (operation === 'REMOVE') {
      if (ROUTE_LEVEL.has(applyTo))
        issues.push(misusedOperation('EnvoyFilterUsesRemoveOperationIncorrectly', index, cp));
      else relative();
    } else if (operation === 'REPLACE') {
      if (!REPLACEABLE.has(applyTo))
        issues.push(misusedOperation('EnvoyFilterUsesReplaceOperationIncorrectly', index, cp));
      else relative();
    } else if (INSERTS.has(operation)) {
      relative();
    }
    if (asString(get(cp, 'match', 'proxy', 'proxyVersion'))) versionScopedNames.push(name);
  }
  return issues;
}

/**
 * The name istio compares patches by: the `name` of the patch value, else (when the value has no name)
 * the listener filter the patch matches. Both kinds are kept apart, as istio's string forms differ.
 */
function instanceName(cp: Record<string, unknown>): string {
  const value = get(cp, 'patch', 'value');
  if (!isObject(value) || Object.keys(value).length === 0) return '';
  if (value.name !== undefined && value.name !== null) return `value:${JSON.stringify(value.name)}`;
  const filterChain = get(cp, 'match', 'listener', 'filterChain');
  if (!isObject(filterChain)) return '';
  return asString(get(filterChain, 'filter', 'name')) ?? '';
}

function relativeIssue(index: number, operation: string, name: string, versionScoped: string[]): PatchIssue {
  if (versionScoped.includes(name)) {
    return {
      message: 'EnvoyFilterUsesRelativeOperationWithProxyVersion',
      index,
      text:
        `configPatches[${index}] uses the relative operation ${operation} without a priority on a filter ` +
        `that an earlier patch scoped by proxyVersion also patches; after a proxy upgrade the order of the ` +
        `patches can change. Set spec.priority or use ADD/INSERT_FIRST.`,
    };
  }
  return {
    message: 'EnvoyFilterUsesRelativeOperation',
    index,
    text:
      `configPatches[${index}] uses the relative operation ${operation} but the EnvoyFilter has no priority, ` +
      `so the result depends on the order EnvoyFilters are applied. Set spec.priority or use ADD/INSERT_FIRST.`,
  };
}

function misusedOperation(message: MessageName, index: number, cp: Record<string, unknown>): PatchIssue {
  const operation = asString(get(cp, 'patch', 'operation')) ?? '';
  const applyTo = asString(cp.applyTo) ?? '(none)';
  const why =
    operation === 'REPLACE'
      ? 'REPLACE only applies to HTTP_FILTER, NETWORK_FILTER and VIRTUAL_HOST'
      : `${operation} has no effect on ROUTE_CONFIGURATION and HTTP_ROUTE`;
  return {
    message,
    index,
    text: `configPatches[${index}] applies ${operation} to ${applyTo}: ${why}; the patch is ignored.`,
  };
}

/** One finding per message kind and EnvoyFilter: the first patch at fault, the others as related. */
function onePerMessage(ef: MeshResource, issues: readonly PatchIssue[]): Finding[] {
  const byMessage = new Map<MessageName, PatchIssue[]>();
  for (const issue of issues) byMessage.set(issue.message, [...(byMessage.get(issue.message) ?? []), issue]);
  return [...byMessage.values()].map(([first, ...others]) => ({
    message: first!.message,
    resource: ef,
    path: operationPath(first!.index),
    text: first!.text,
    related: others.map((o) => ({ resource: ef, path: operationPath(o.index), message: o.text })),
  }));
}

function operationPath(index: number): FieldPath {
  return ['spec', 'configPatches', index, 'patch', 'operation'];
}
