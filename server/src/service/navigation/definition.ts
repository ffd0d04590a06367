/**
 * Go to definition across resources: from a reference under the cursor to what it names.
 * - destination `subset` → the `name` of the subset in the DestinationRule for that host;
 * - destination / DestinationRule `host`, Gateway API backendRef → the Service's metadata.name, or the
 *   ServiceEntry host;
 * - VirtualService `gateways` entry, Gateway API parentRef → the Gateway's metadata.name;
 * - a workload selector → the pod labels of the matching workloads (the same label when the cursor
 *   is on one label, else the `labels` key).
 * On a target itself, or anywhere else, there is no definition (empty list).
 */
import type { Location, Position } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import { cursorContext } from './cursor';
import { uniqueSpans, type Span } from './spans';
import type { LabelSite, Target } from './types';

export function definition(index: WorkspaceIndex, doc: MeshTextDocument, position: Position): Location[] {
  const { model, hit, positions } = cursorContext(index, doc, position);
  if (!hit || hit.role !== 'reference') return [];
  const spans = model.resolve(hit.site).map((t) => definitionSpan(t, hit.label));
  return uniqueSpans(spans).flatMap((s) => positions.location(s) ?? []);
}

function definitionSpan(target: Target, label: LabelSite | undefined): Span {
  if (target.type === 'workload' && label) {
    return target.labelSites.find((l) => l.key === label.key)?.span ?? target.span;
  }
  return target.span;
}
