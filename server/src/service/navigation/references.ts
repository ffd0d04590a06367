/**
 * Find all references across resources. On a target (a DestinationRule subset name, a Gateway or
 * Service name, a ServiceEntry host, a workload's pod labels) or on a reference to it: every
 * reference to the same target in the workspace, plus the target's own location when
 * `includeDeclaration` is set. A reference that resolves to nothing lists the references naming the
 * same thing (same host and subset, same gateway, same selector).
 */
import type { Location, Position } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import { cursorContext, relatedReferences } from './cursor';
import { uniqueSpans, type Span } from './spans';

export function references(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const { model, hit, positions } = cursorContext(index, doc, position);
  if (!hit) return [];
  const { targets, refs } = relatedReferences(model, hit);
  const spans: Span[] = refs.map((r) => r.span);
  if (includeDeclaration) spans.push(...targets.map((t) => t.span));
  return uniqueSpans(spans).flatMap((s) => positions.location(s) ?? []);
}
