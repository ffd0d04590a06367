/**
 * What the cursor is on, for the navigation features. The caller keeps `index` current: the document
 * at the cursor must be the one indexed for its URI (`index.set(doc)` after each parse), otherwise its
 * offsets are not those of the model.
 */
import type { Position } from 'vscode-languageserver-types';
import type { MeshTextDocument } from '../language-service';
import type { WorkspaceIndex } from '../workspace/index';
import { ReferenceModel } from './references-model';
import { Positions } from './spans';
import type { Hit, Reference, Target } from './types';

export interface CursorContext {
  model: ReferenceModel;
  hit: Hit | undefined;
  positions: Positions;
}

export function cursorContext(
  index: WorkspaceIndex,
  doc: MeshTextDocument,
  position: Position,
): CursorContext {
  const model = ReferenceModel.build(index);
  const offset = doc.lines.offsetAt(position);
  const positions = new Positions(index, { uri: doc.file.uri, lines: doc.lines });
  return { model, hit: model.at(doc.file.uri, offset), positions };
}

/** The targets the hit stands for: itself, or what the reference resolves to. */
export function targetsOf(model: ReferenceModel, hit: Hit): Target[] {
  return hit.role === 'target' ? [hit.site] : model.resolve(hit.site);
}

/** Every reference to the hit's targets; for a dangling reference, those naming the same thing. */
export function relatedReferences(model: ReferenceModel, hit: Hit): { targets: Target[]; refs: Reference[] } {
  const targets = targetsOf(model, hit);
  if (hit.role === 'reference' && !targets.length) return { targets, refs: model.sameAs(hit.site) };
  return { targets, refs: model.referencesTo(targets) };
}
