/**
 * A stable colour per pod/container: a hash of `pod/container` picks one of a set of readable colours of
 * the 256-colour palette, so a stream keeps its colour across tails, reconnects and sessions.
 */

/** Distinct, readable on dark and light themes; no pure red or yellow (those mean errors/warnings). */
const PALETTE = [39, 42, 75, 79, 111, 114, 141, 147, 171, 173, 177, 180, 37, 68, 104, 133, 167, 208];

/** FNV-1a over the UTF-16 code units. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export const streamColor = (label: string): number => PALETTE[hash(label) % PALETTE.length]!;
