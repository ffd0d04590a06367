/**
 * One canary step on the cluster: read the VirtualService afresh, find the same canary, plan the new
 * weights, record the step in the history annotation, then apply through edit-plan's safe path (server
 * dry run, then a replace with the resourceVersion just read). A conflict means someone changed the
 * object in between: it is returned (with the fresh object) for the caller to re-plan and ask again —
 * never retried blindly, never overwritten.
 */
import { applyEdit, type ApplyOutcome } from '../cluster/edit-plan';
import type { ResourceRef, ResourceWriter } from '../cluster/resource-writer';
import type { KubeObject } from '../cluster/transport';
import { destinationKey, detectCanaries, sameDestinationKey, type Canary } from './detect';
import { appendHistory, HISTORY_ANNOTATION, type HistoryEntry } from './history';
import { describeChanges, planWeights, withWeights, type WeightChange } from './plan';

export interface StepRequest {
  ref: ResourceRef;
  /** `host/subset` of the canary destination (from detection) */
  canaryKey: string;
  /** target canary weight, percent */
  to: number;
  entry: Omit<HistoryEntry, 'canary' | 'stable' | 'from' | 'to'>;
  /** the resourceVersion the user saw when deciding (a change since then is a conflict); omit to use the fresh one */
  expectedResourceVersion?: string;
}

export type StepOutcome =
  | { kind: 'applied'; object: KubeObject; changes: WeightChange[]; summary: string }
  | { kind: 'unchanged'; summary: string }
  | { kind: 'conflict'; live: KubeObject; message: string }
  | { kind: 'gone'; message: string }
  | { kind: 'refused'; message: string }
  | Exclude<ApplyOutcome, { kind: 'applied' } | { kind: 'conflict' }>;

/** The canary of `vs` whose canary destination is `canaryKey`. */
export function findCanary(vs: KubeObject, canaryKey: string): Canary | undefined {
  const ns = vs.metadata.namespace ?? '';
  return detectCanaries(vs).find((c) => sameDestinationKey(destinationKey(c.canary), canaryKey, ns));
}

export async function applyStep(writer: ResourceWriter, req: StepRequest): Promise<StepOutcome> {
  let live: KubeObject;
  try {
    live = await writer.get(req.ref);
  } catch (e) {
    return { kind: 'gone', message: (e as Error).message };
  }
  if (req.expectedResourceVersion && live.metadata.resourceVersion !== req.expectedResourceVersion) {
    return {
      kind: 'conflict',
      live,
      message: `${req.ref.kind} ${req.ref.name} changed since you looked at it (resourceVersion ${req.expectedResourceVersion} → ${live.metadata.resourceVersion})`,
    };
  }
  const canary = findCanary(live, req.canaryKey);
  if (!canary) return { kind: 'refused', message: `no weighted route to ${req.canaryKey} any more` };
  let changes: WeightChange[];
  try {
    changes = planWeights(canary, req.to);
  } catch (e) {
    return { kind: 'refused', message: (e as Error).message };
  }
  const summary = describeChanges(changes);
  if (!changes.length) return { kind: 'unchanged', summary: `${req.canaryKey} is already at ${req.to}%` };
  const next = withWeights(live, changes);
  const annotations = (next.metadata.annotations ?? {}) as Record<string, string>;
  next.metadata.annotations = {
    ...annotations,
    [HISTORY_ANNOTATION]: appendHistory(annotations[HISTORY_ANNOTATION], {
      ...req.entry,
      canary: destinationKey(canary.canary),
      stable: destinationKey(canary.stable),
      from: canary.canaryWeight,
      to: req.to,
    }),
  };
  const outcome = await applyEdit(writer, next);
  if (outcome.kind === 'applied') return { kind: 'applied', object: outcome.object, changes, summary };
  return outcome;
}
