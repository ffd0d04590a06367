/** The contract of one quick fix module: a finding's resource and path in, text edits (file offsets) out. */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { FieldPath } from '../analysis/analyzer';
import type { WorkspaceIndex } from '../workspace/index';
import type { MeshResource } from '../workspace/resource';

/** Replaces [start, end) of a file (offsets in the indexed text of `uri`) with `newText`. */
export interface FileEdit {
  uri: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** The fix to apply without asking (VS Code's "auto fix"): only when it is the obvious one. */
  preferred?: boolean;
}

export interface FixContext {
  readonly index: WorkspaceIndex;
  /** The resource of the finding (`data.analysis.resourceId`). */
  readonly resource: MeshResource;
  /** The field at fault (`data.analysis.path`). */
  readonly path: FieldPath;
  readonly diagnostic: Diagnostic;
}

/** Fixes for one diagnostic code, most likely first; [] when none applies. */
export type AnalysisFixer = (ctx: FixContext) => Fix[];
