/**
 * Planning canary steps: the step weights (default 10, 25, 50, 100; per VirtualService with the
 * `meshwright.io/canary-steps` annotation, globally with a setting), where the canary is, the next step,
 * and the new weights of every route that splits the same destinations. Weights always sum to 100;
 * destinations other than stable and canary keep their share.
 */
import { destinationKey, type Canary, type WeightedDestination } from './detect';

export const STEPS_ANNOTATION = 'meshwright.io/canary-steps';
export const DEFAULT_STEPS: readonly number[] = [10, 25, 50, 100];

/** Parses `"5, 10, 25, 50, 100"`: ascending integers in 1..100; undefined when malformed. */
export function parseSteps(value: unknown): number[] | undefined {
  if (typeof value !== 'string') return undefined;
  const steps = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const ok =
    steps.length > 0 &&
    steps.every((s, i) => Number.isInteger(s) && s >= 1 && s <= 100 && (i === 0 || s > steps[i - 1]!));
  return ok ? steps : undefined;
}

/** The steps for a VirtualService: its annotation, else the configured ones, else the defaults. */
export function stepsFor(
  annotations: Record<string, unknown> | undefined,
  configured?: readonly number[],
): number[] {
  return (
    parseSteps(annotations?.[STEPS_ANNOTATION]) ?? [...(configured?.length ? configured : DEFAULT_STEPS)]
  );
}

/** The first step above the current weight; undefined at 100%. */
export function nextStep(current: number, steps: readonly number[]): number | undefined {
  const next = steps.find((s) => s > current);
  return next ?? (current < 100 ? 100 : undefined);
}

/** One weight change in the object: where, from and to. */
export interface WeightChange {
  entry: WeightedDestination;
  from: number;
  to: number;
}

/**
 * The weight changes that move `canary` to `target` percent in every route of the set. The others keep
 * their weight; the stable gets the rest. Refuses (throws) when the others leave less than `target`.
 */
export function planWeights(canary: Canary, target: number): WeightChange[] {
  if (!Number.isInteger(target) || target < 0 || target > 100)
    throw new Error(`weight ${target} is not in 0..100`);
  const canaryKey = destinationKey(canary.canary);
  const stableKey = destinationKey(canary.stable);
  const changes: WeightChange[] = [];
  const byRule = new Map<string, WeightedDestination[]>();
  for (const e of canary.entries) {
    const k = `${e.section}/${e.rule}`;
    if (!byRule.has(k)) byRule.set(k, []);
    byRule.get(k)!.push(e);
  }
  for (const entries of byRule.values()) {
    const others = entries.filter((e) => ![canaryKey, stableKey].includes(destinationKey(e)));
    const rest = 100 - others.reduce((sum, e) => sum + e.weight, 0);
    if (rest < target) {
      throw new Error(`other destinations hold ${100 - rest}%: the canary cannot get ${target}%`);
    }
    for (const e of entries) {
      const key = destinationKey(e);
      const to = key === canaryKey ? target : key === stableKey ? rest - target : e.weight;
      if (to !== e.weight) changes.push({ entry: e, from: e.weight, to });
    }
  }
  return changes;
}

/** Applies weight changes to a copy of a VirtualService spec. */
export function withWeights<T extends object>(vs: T, changes: readonly WeightChange[]): T {
  const copy = structuredClone(vs);
  const spec = (copy as { spec?: unknown }).spec as Record<string, { route: { weight?: number }[] }[]>;
  for (const { entry, to } of changes) {
    const route = spec[entry.section]![entry.rule]!.route[entry.index]!;
    route.weight = to;
  }
  return copy;
}

/** `reviews/v1 90→75 · reviews/v3 10→25` for confirmations and logs (first route only: they move together). */
export function describeChanges(changes: readonly WeightChange[]): string {
  const first = changes[0];
  if (!first) return 'no change';
  return changes
    .filter((c) => c.entry.section === first.entry.section && c.entry.rule === first.entry.rule)
    .map((c) => `${destinationKey(c.entry)} ${c.from}→${c.to}`)
    .join(' · ');
}
