/**
 * Hover on a cross-resource reference: what it resolves to, or a clear "not found".
 * - destination `subset` → the subset's labels and its DestinationRule (or the subsets that exist);
 * - `host` (destinations, DestinationRule, backendRefs) → the Service with its ports and selector, or
 *   the ServiceEntry with its hosts, ports, location and resolution;
 * - `gateways` entry / parentRef → the Gateway's servers (port, protocol, hosts) or listeners;
 *   `mesh` is explained;
 * - workload selector → the workloads it selects.
 * Anything else (targets included) has no reference hover: null.
 */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import type { FieldPath } from '../analysis/analyzer';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import { asArray, asLabels, get } from '../workspace/resource';
import { cursorContext } from './cursor';
import { describeGateway, describeLabels, describePorts, describeServiceEntry, qualified } from './describe';
import { containsOffset, scalarSite, type Span } from './spans';
import type { ReferenceModel } from './references-model';
import type { Reference, Target } from './types';

export function referenceHover(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
): Hover | null {
  const { model, hit, positions } = cursorContext(index, doc, position);
  if (!hit || hit.role !== 'reference') {
    // `mesh` is not a reference, but it deserves a word.
    const mesh = meshKeyword(index, doc.file.uri, doc.lines.offsetAt(position));
    return mesh ? markdown(MESH, positions.range(mesh)) : null;
  }
  const value = describe(model, hit.site, model.resolve(hit.site));
  return markdown(value, positions.range(hit.label?.span ?? hit.site.area ?? hit.site.span));
}

function markdown(value: string, range: Range | undefined): Hover {
  return range
    ? { contents: { kind: MarkupKind.Markdown, value }, range }
    : { contents: { kind: MarkupKind.Markdown, value } };
}

const MESH = '**`mesh`**: the reserved gateway name for every sidecar in the mesh (not a Gateway resource).';

function describe(model: ReferenceModel, ref: Reference, targets: Target[]): string {
  switch (ref.type) {
    case 'subset': {
      if (!targets.length) {
        const available = model.subsetsFor(ref.host);
        const tail = available.length
          ? `Subsets defined for it: ${available.map((t) => `\`${t.name}\` (DestinationRule \`${qualified(t.resource)}\`)`).join(', ')}.`
          : 'No DestinationRule in the workspace applies to this host.';
        return `**Subset \`${ref.name}\` not found** for host \`${ref.host}\`.\n\n${tail}`;
      }
      return targets
        .map((t) =>
          t.type === 'subset'
            ? `**Subset \`${t.name}\`** · DestinationRule \`${qualified(t.resource)}\` (host \`${t.host}\`)\n\nLabels: ${describeLabels(t.labels)}`
            : '',
        )
        .join('\n\n---\n\n');
    }
    case 'host': {
      if (!targets.length) {
        return `**Host \`${ref.raw}\` not found**: no Service or ServiceEntry in the workspace defines \`${ref.host}\`.`;
      }
      return targets.map(describeHostTarget).join('\n\n---\n\n');
    }
    case 'gateway': {
      const what = ref.api === 'istio' ? 'Gateway' : 'Gateway (Gateway API)';
      if (!targets.length) return `**${what} \`${ref.namespace}/${ref.name}\` not found** in the workspace.`;
      return targets
        .map((t) => `**${what}** \`${qualified(t.resource)}\`\n\n${describeGateway(t.resource)}`)
        .join('\n\n---\n\n');
    }
    case 'selector': {
      const scope = ref.anyNamespace ? 'in any namespace' : `in namespace \`${ref.resource.namespace}\``;
      if (!targets.length) return `**No workload** ${scope} matches ${describeLabels(ref.labels)}.`;
      const list = targets.map((t) => `- ${t.resource.kind} \`${qualified(t.resource)}\``);
      return [`**Selects ${targets.length} workload(s)** ${scope}:`, '', ...list].join('\n');
    }
  }
}

function describeHostTarget(t: Target): string {
  if (t.type === 'serviceEntry') {
    return `**ServiceEntry** \`${qualified(t.resource)}\` (host \`${t.host}\`)\n\n${describeServiceEntry(t.resource)}`;
  }
  const selector = asLabels(get(t.resource.value, 'spec', 'selector'));
  return [
    `**Service** \`${qualified(t.resource)}\``,
    `Ports: ${describePorts(t.resource)}`,
    `Selector: ${describeLabels(selector)}`,
  ].join('\n\n');
}

/** The span of a `mesh` entry of a VirtualService's gateways under `offset`. */
function meshKeyword(index: WorkspaceIndex, uri: string, offset: number): Span | undefined {
  for (const r of index.file(uri)?.resources ?? []) {
    if (r.kind !== 'VirtualService') continue;
    const lists: FieldPath[] = [['spec', 'gateways']];
    for (const p of ['http', 'tcp', 'tls']) {
      asArray(get(r.value, 'spec', p)).forEach((rule, i) => {
        asArray(get(rule, 'match')).forEach((_, j) => lists.push(['spec', p, i, 'match', j, 'gateways']));
      });
    }
    for (const list of lists) {
      const items = asArray(get(r.value, ...list));
      for (let k = 0; k < items.length; k++) {
        const site = items[k] === 'mesh' ? scalarSite(r, [...list, k]) : undefined;
        if (site && containsOffset(site.span, uri, offset)) return site.span;
      }
    }
  }
  return undefined;
}
