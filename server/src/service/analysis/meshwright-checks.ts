/** Meshwright's own checks beyond istio's (MW codes); each has a section in docs/checks.md. */
import type { Level } from './messages';

export const MESHWRIGHT_CHECKS: Record<string, { code: string; level: Level }> = {};
