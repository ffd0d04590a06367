/**
 * Splits a multi-document YAML file at `---` lines so each document can be parsed, validated and
 * cached on its own. A `---` at column 0 ends any block scalar or flow in YAML, so a line-level split
 * never cuts a document in the middle.
 */
export interface Chunk {
  /** Offset of the chunk in the file (the `---` line belongs to the chunk it opens). */
  start: number;
  text: string;
}

const MARKER = /^---(?=[ \t]|\r?\n|$)/gm;

export function splitDocuments(text: string): Chunk[] {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m.index > 0) starts.push(m.index);
  }
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}
