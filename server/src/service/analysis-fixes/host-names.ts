/**
 * Short hosts (`reviews`) in VirtualService destinations and DestinationRule `spec.host`:
 * - a refactoring on any of them: write the fully qualified name Istio expands it to;
 * - MW0013 (a short host whose Service lives in another namespace): write that Service's full name.
 */
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import { isScalar } from 'yaml';
import type { FieldPath } from '../analysis/analyzer';
import { mirrorDestinations, routeDestinations } from '../analyzers/virtualservice/route-destinations';
import type { MeshTextDocument } from '../language-service';
import { serviceFqdn } from '../mesh/hosts';
import type { WorkspaceIndex } from '../workspace/index';
import { asString, get, type MeshResource } from '../workspace/resource';
import type { AnalysisFixer, FileEdit } from './types';
import { toWorkspaceEdit } from './workspace-edit';
import { lookup, sourceOf, startOf, type Source } from './yaml-text';

const SHORT_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Paths of the `host` fields of a VirtualService or DestinationRule. */
function hostPaths(resource: MeshResource): FieldPath[] {
  if (resource.group !== 'networking.istio.io') return [];
  if (resource.kind === 'DestinationRule') return [['spec', 'host']];
  if (resource.kind !== 'VirtualService') return [];
  return [...routeDestinations(resource.value), ...mirrorDestinations(resource.value)].map((d) => [
    ...d.path,
    'host',
  ]);
}

/** Replaces the host scalar at `path` with `host`, keeping its quotes. */
function replaceHost(src: Source, path: FieldPath, host: string): FileEdit | undefined {
  const node = lookup(src.resource.doc, path)?.node;
  if (!isScalar(node) || !node.range) return undefined;
  const start = startOf(src, node);
  const end = src.base + node.range[1];
  const quote = src.text[start] === '"' || src.text[start] === "'" ? src.text[start] : '';
  return { uri: src.uri, start, end, newText: `${quote}${host}${quote}` };
}

/** "Use the fully qualified name …" for each short host the range touches (kind refactor.rewrite). */
export function hostRefactorings(index: WorkspaceIndex, doc: MeshTextDocument, range: Range): CodeAction[] {
  const file = index.file(doc.file.uri);
  if (!file || (file.doc !== doc && file.doc.file.text !== doc.file.text)) return [];
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const resource of file.resources) {
    const src = sourceOf(index, resource);
    if (!src) continue;
    for (const path of hostPaths(resource)) {
      const host = asString(get(resource.value, ...path));
      if (!host || !SHORT_HOST.test(host)) continue;
      const fqdn = serviceFqdn(host, resource.namespace);
      const e = replaceHost(src, path, fqdn);
      if (!e || to < e.start || from > e.end) continue;
      const edit = toWorkspaceEdit(index, () => doc, [e]);
      if (edit) {
        actions.push({
          title: `Use the fully qualified name ${fqdn}`,
          kind: CodeActionKind.RefactorRewrite,
          edit,
        });
      }
    }
  }
  return actions;
}

/** MW0013: the full name of each namespace that defines the Service. */
export const qualifyShortHost: AnalysisFixer = (ctx) => {
  const { resource, path } = ctx;
  const host = asString(get(resource.value, ...path));
  const src = sourceOf(ctx.index, resource);
  if (!src || !host || !SHORT_HOST.test(host)) return [];
  const namespaces = [
    ...new Set(
      ctx.index
        .ofKind('Service', '')
        .filter((s) => s.name === host && s.namespaceAsWritten && s.namespace !== resource.namespace)
        .map((s) => s.namespace),
    ),
  ].sort();
  return namespaces.flatMap((ns) => {
    const e = replaceHost(src, path, serviceFqdn(host, ns));
    return e
      ? [{ title: `Use ${serviceFqdn(host, ns)}`, edits: [e], preferred: namespaces.length === 1 }]
      : [];
  });
};
