/** Node constructors shared by the groups: ids, "no access" and placeholder nodes. */
import { accessMessageOf, md } from './kube';
import type { ClusterSnapshot, ExplorerNode, ResourceKey } from './types';

/**
 * Builds a child id: the parent id plus URI-encoded segments, so a `/` in a context name or a resource
 * key cannot make two paths collide. Kubernetes names never need encoding, so ids stay readable.
 */
export function nodeId(parentId: string, ...segments: string[]): string {
  return [parentId, ...segments.map((s) => encodeURIComponent(s))].join('/');
}

/** The single node shown in place of a resource type the user cannot list. */
export function noAccessNode(
  parentId: string,
  s: ClusterSnapshot,
  key: ResourceKey,
  plural: string,
): ExplorerNode {
  const message = accessMessageOf(s, key);
  return {
    id: nodeId(parentId, 'no-access', key),
    kind: 'noAccess',
    label: `${plural}: no access`,
    description: '403 Forbidden',
    tooltip:
      `**No access to ${md(key)}**\n\nThe API server answered **403 Forbidden** when listing \`${key}\`` +
      ` in context \`${s.context}\`; these objects are not shown.` +
      (message ? `\n\n> ${md(message)}` : ''),
    icon: 'lock',
    contextValue: 'meshwright.noAccess',
    severity: 'error',
  };
}

/** A plain informational child (e.g. "no pods"). */
export function messageNode(parentId: string, key: string, label: string, tooltip = ''): ExplorerNode {
  return {
    id: nodeId(parentId, 'msg', key),
    kind: 'message',
    label,
    description: '',
    tooltip,
    icon: 'info',
    contextValue: 'meshwright.message',
  };
}

/** The most severe of a list of severities (`error` > `warning` > `info`). */
export function worst(...levels: (ExplorerNode['severity'] | undefined)[]): ExplorerNode['severity'] {
  if (levels.includes('error')) return 'error';
  if (levels.includes('warning')) return 'warning';
  if (levels.includes('info')) return 'info';
  return undefined;
}
