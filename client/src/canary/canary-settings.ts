/** The canary settings (`meshwright.canary.*`), command arguments and who acts, for the VS Code adapter. */
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { ResourceRef } from '../cluster/resource-writer';
import { DEFAULT_THRESHOLDS, type GateThresholds } from './gates';

/** What a canary command acts on: a VirtualService in the cluster and its canary destination. */
export interface CanaryArgs {
  ref: ResourceRef;
  canaryKey?: string;
  /** promote to exactly this weight instead of the next step (e.g. the weight just set in a file) */
  to?: number;
}

export function canarySettings(): {
  steps: number[];
  thresholds: GateThresholds;
  intervalMs: number;
  maxFailures: number;
} {
  const c = vscode.workspace.getConfiguration('meshwright.canary');
  return {
    steps: c.get<number[]>('steps') ?? [],
    thresholds: {
      minSuccessRate: c.get<number>('minSuccessRate') ?? DEFAULT_THRESHOLDS.minSuccessRate,
      maxP99Ms: c.get<number>('maxP99Ms') ?? DEFAULT_THRESHOLDS.maxP99Ms,
      minRequests: c.get<number>('minRequests') ?? DEFAULT_THRESHOLDS.minRequests,
      window: c.get<string>('window') ?? DEFAULT_THRESHOLDS.window,
    },
    intervalMs: (c.get<number>('intervalSeconds') ?? 60) * 1000,
    maxFailures: c.get<number>('maxFailedChecks') ?? 3,
  };
}

/** Normalises the argument of a command: explorer node, graph/CodeLens args, or nothing. */
export function argsOf(arg: unknown): CanaryArgs | undefined {
  const a = arg as
    { node?: { resource?: ResourceRef }; ref?: ResourceRef; kind?: string; name?: string } | undefined;
  if (a?.node?.resource) return { ref: a.node.resource };
  if (a?.ref) return a as CanaryArgs;
  if (a?.kind === 'VirtualService' && a.name) return { ref: a as ResourceRef };
  return undefined;
}

/** The OS user, for the history annotation's `by`. */
export function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
