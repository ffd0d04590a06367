/**
 * Seeded probe positions for completion and hover, picked from the corpus text itself: on keys, at
 * the end of scalar values, and on indented blank lines under maps (where a new key is typed).
 */
import type { Position } from 'vscode-languageserver-protocol';
import type { Rng } from '../../test/helpers/prng';

export type ProbeKind = 'key' | 'value' | 'blank';

export interface Probe {
  kind: ProbeKind;
  position: Position;
}

interface Candidates {
  key: { line: number; start: number; end: number }[];
  value: { line: number; start: number; end: number }[];
  blank: { line: number; end: number }[];
}

const KEY = /^(\s*(?:- )*)([A-Za-z_][\w.\-/]*):(?= |$)/;
const VALUE = /^(\s*(?:- )*)[A-Za-z_][\w.\-/]*: ([^\s#'"|>&*!{[][^#]*?)\s*$/;
const BLOCK_SCALAR = /:\s*[|>][-+]?\s*$/;

function candidates(text: string): Candidates {
  const found: Candidates = { key: [], value: [], blank: [] };
  const lines = text.split('\n');
  let blockIndent = -1; // inside a block scalar: its lines are text, not keys
  lines.forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && (line.trim() === '' || indent > blockIndent)) return;
    blockIndent = -1;
    if (/^ +$/.test(line)) {
      found.blank.push({ line: i, end: line.length });
      return;
    }
    const key = KEY.exec(line);
    if (!key) return;
    const start = key[1]!.length;
    found.key.push({ line: i, start, end: start + key[2]!.length });
    const value = VALUE.exec(line);
    if (value) {
      const end = line.trimEnd().length;
      found.value.push({ line: i, start: end - value[2]!.length, end });
    }
    if (BLOCK_SCALAR.test(line)) blockIndent = indent;
  });
  return found;
}

/**
 * Completion probes: the cursor right after a key's name (completing the key being typed), at the
 * end of a value (enum and boolean values), and at the end of an indented blank line.
 */
export function completionProbes(text: string, rng: Rng, count: number): Probe[] {
  const found = candidates(text);
  const blanks = rng.sample(found.blank, Math.round(count * 0.2));
  const keys = rng.sample(found.key, Math.ceil((count - blanks.length) / 2));
  const values = rng.sample(found.value, count - blanks.length - keys.length);
  return rng.sample(
    [
      ...blanks.map((b): Probe => ({ kind: 'blank', position: { line: b.line, character: b.end } })),
      ...keys.map((k): Probe => ({ kind: 'key', position: { line: k.line, character: k.end } })),
      ...values.map((v): Probe => ({ kind: 'value', position: { line: v.line, character: v.end } })),
    ],
    count,
  );
}

/** Hover probes: the middle of a key or of a scalar value. */
export function hoverProbes(text: string, rng: Rng, count: number): Probe[] {
  const found = candidates(text);
  const mid = (s: { start: number; end: number }) => Math.floor((s.start + s.end) / 2);
  const keys = rng.sample(found.key, Math.ceil(count / 2));
  const values = rng.sample(found.value, count - keys.length);
  return rng.sample(
    [
      ...keys.map((k): Probe => ({ kind: 'key', position: { line: k.line, character: mid(k) } })),
      ...values.map((v): Probe => ({ kind: 'value', position: { line: v.line, character: mid(v) } })),
    ],
    count,
  );
}

/**
 * Where the edits go: the end of the `imagePullPolicy: IfNotPresent` nearest the middle of the file.
 * Appending one character makes the value an invalid enum and deleting it fixes it again, so every
 * edit changes the diagnostics (by exactly one): a server that publishes only when its results
 * change (meshwright does) still answers every edit, and the count shows both noticed it. The field
 * means nothing to cross-resource checks, so nothing else moves.
 */
export function editSite(text: string): Position {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length; d++) {
    for (const i of [middle + d, middle - d]) {
      if (/^[\s-]+imagePullPolicy: IfNotPresent$/.test(lines[i] ?? '')) {
        return { line: i, character: lines[i]!.length };
      }
    }
  }
  throw new Error('corpus has no `imagePullPolicy: IfNotPresent` line to edit');
}
