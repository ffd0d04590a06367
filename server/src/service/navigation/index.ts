/**
 * Cross-resource navigation for mesh YAML (pure: no editor, no LSP connection, no I/O). Every feature
 * takes the workspace index, the document at the cursor (already `index.set`) and the cursor position.
 */
export { definition } from './definition';
export { referenceHover } from './hover-reference';
export { indexCompletions } from './index-completion';
export { ReferenceModel } from './references-model';
export { references } from './references';
export { prepareRename, rename, RenameError } from './rename';
export type * from './types';
