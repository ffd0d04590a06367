/**
 * The automated canary run, Flagger's analysis loop without a controller: every interval check the
 * gates; on a pass promote one step, on a failure count it and roll back to the stable after
 * `maxFailures`; inconclusive checks (too little traffic) never promote and stop the run, unchanged,
 * after `maxInconclusive` in a row. Every decision is reported with the gate values seen. A conflict
 * (someone else changed the VirtualService) stops the run for the user to decide. Pure: the cluster,
 * the metrics and time are injected.
 */
import type { GateResult } from './gates';
import { nextStep } from './plan';
import type { StepOutcome } from './cluster-step';

export interface AutoRunOptions {
  steps: readonly number[];
  /** current canary weight when the run starts */
  startWeight: number;
  intervalMs: number;
  /** failed checks before rolling back (Flagger: threshold) */
  maxFailures: number;
  /** consecutive inconclusive checks before stopping unchanged */
  maxInconclusive: number;
}

export interface AutoRunDeps {
  /** evaluate the gates of the canary now */
  check(signal: AbortSignal): Promise<GateResult>;
  /** move the canary to `to` percent (action and gate explanation go into the history) */
  step(to: number, action: 'auto-promote' | 'auto-rollback', gates: string): Promise<StepOutcome>;
  /** resolves after ms, rejects when aborted */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface Decision {
  /** check number, from 1 */
  check: number;
  gate: GateResult;
  action: 'promote' | 'hold' | 'rollback' | 'stop';
  weight: number;
  /** human sentence for the progress notification and the log */
  text: string;
}

export type AutoRunResult =
  | { kind: 'promoted'; decisions: Decision[] }
  | { kind: 'rolled-back'; decisions: Decision[] }
  | { kind: 'stopped'; reason: string; decisions: Decision[] }
  | { kind: 'cancelled'; decisions: Decision[] }
  | { kind: 'conflict'; message: string; decisions: Decision[] }
  | { kind: 'error'; message: string; decisions: Decision[] };

export async function runAutomated(
  opts: AutoRunOptions,
  deps: AutoRunDeps,
  onDecision: (d: Decision) => void,
  signal: AbortSignal,
): Promise<AutoRunResult> {
  const decisions: Decision[] = [];
  let weight = opts.startWeight;
  let failures = 0;
  let inconclusive = 0;
  const decide = (d: Decision) => {
    decisions.push(d);
    onDecision(d);
  };
  const afterStep = (o: StepOutcome): AutoRunResult | undefined => {
    if (o.kind === 'applied' || o.kind === 'unchanged') return undefined;
    if (o.kind === 'conflict') return { kind: 'conflict', message: o.message, decisions };
    return { kind: 'error', message: o.message, decisions };
  };
  for (let check = 1; ; check++) {
    try {
      await deps.sleep(opts.intervalMs, signal);
    } catch {
      return { kind: 'cancelled', decisions };
    }
    if (signal.aborted) return { kind: 'cancelled', decisions };
    let gate: GateResult;
    try {
      gate = await deps.check(signal);
    } catch (e) {
      if (signal.aborted) return { kind: 'cancelled', decisions };
      // metrics unavailable counts as inconclusive: never promote blind
      gate = { status: 'inconclusive', explanation: `metrics unavailable: ${(e as Error).message}` };
    }
    if (gate.status === 'pass') {
      failures = 0;
      inconclusive = 0;
      const to = nextStep(weight, opts.steps) ?? 100;
      const outcome = await deps.step(to, 'auto-promote', gate.explanation);
      const stop = afterStep(outcome);
      if (stop) return stop;
      decide({
        check,
        gate,
        action: 'promote',
        weight: to,
        text: `gates pass (${gate.explanation}): ${weight}% → ${to}%`,
      });
      weight = to;
      if (weight >= 100) return { kind: 'promoted', decisions };
    } else if (gate.status === 'fail') {
      failures++;
      if (failures >= opts.maxFailures) {
        const outcome = await deps.step(0, 'auto-rollback', gate.explanation);
        const stop = afterStep(outcome);
        if (stop) return stop;
        decide({
          check,
          gate,
          action: 'rollback',
          weight: 0,
          text: `gates failed ${failures}× (${gate.explanation}): rolled back ${weight}% → 0%`,
        });
        return { kind: 'rolled-back', decisions };
      }
      decide({
        check,
        gate,
        action: 'hold',
        weight,
        text: `gates failed (${gate.explanation}): holding at ${weight}%, ${failures}/${opts.maxFailures} failures`,
      });
    } else {
      inconclusive++;
      if (inconclusive >= opts.maxInconclusive) {
        const reason = `${inconclusive} inconclusive checks in a row (${gate.explanation}): stopped at ${weight}%, nothing changed`;
        decide({ check, gate, action: 'stop', weight, text: reason });
        return { kind: 'stopped', reason, decisions };
      }
      decide({
        check,
        gate,
        action: 'hold',
        weight,
        text: `inconclusive (${gate.explanation}): holding at ${weight}%`,
      });
    }
  }
}
