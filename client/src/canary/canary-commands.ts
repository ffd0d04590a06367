/**
 * VS Code adapter of the canary: palette, explorer, graph and CodeLens entry points for promote one
 * step, promote to 100%, roll back, automated run (progress with cancel, every decision logged) and
 * status. Every cluster change asks first with the context, namespace and weight diff, needs a trusted
 * workspace, and goes through cluster-step.ts (dry run, resourceVersion precondition, history).
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { ClusterSession } from '../cluster/cluster-session';
import type { ResourceRef } from '../cluster/resource-writer';
import { ISTIO_TYPES } from '../cluster/resource-types';
import type { KubeObject } from '../cluster/transport';
import { liveMeshObjects } from '../graph/mesh-objects';
import { runAutomated } from './auto-run';
import { argsOf, canarySettings, safeUser, type CanaryArgs } from './canary-settings';
import { statusMarkdown } from './canary-status';
import { applyStep, findCanary, type StepOutcome } from './cluster-step';
import { destinationKey, detectCanaries, sameDestinationKey, type Canary } from './detect';
import { checkGates, type InstantQuery } from './gates';
import { HISTORY_ANNOTATION, parseHistory, type CanaryAction } from './history';
import { describeChanges, nextStep, planWeights, stepsFor } from './plan';
import { gateTarget } from './target';

/** Gives the Prometheus instant query of the current session (undefined: no Prometheus configured). */
export type MetricsFor = (session: ClusterSession) => InstantQuery | undefined;

const VIRTUAL_SERVICE = ISTIO_TYPES.find((t) => t.kind === 'VirtualService')!;

const STATUS_SCHEME = 'meshwright-canary';

export class CanaryCommands implements vscode.TextDocumentContentProvider {
  private readonly log: vscode.LogOutputChannel;
  private readonly statusPages = new Map<string, string>();
  private readonly statusChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.statusChanged.event;

  constructor(
    private readonly controller: ClusterController,
    private readonly metricsFor: MetricsFor,
    log: vscode.LogOutputChannel,
  ) {
    this.log = log;
  }

  register(): vscode.Disposable[] {
    const cmd = (id: string, f: (args?: CanaryArgs) => Promise<unknown>) =>
      vscode.commands.registerCommand(id, (arg?: unknown) => f(argsOf(arg)));
    return [
      this.statusChanged,
      vscode.workspace.registerTextDocumentContentProvider(STATUS_SCHEME, this),
      cmd('meshwright.canary.promote', (a) => this.step(a, 'promote')),
      cmd('meshwright.canary.promoteFull', (a) => this.step(a, 'promote-full')),
      cmd('meshwright.canary.rollback', (a) => this.step(a, 'rollback')),
      cmd('meshwright.canary.startAutomated', (a) => this.automated(a)),
      cmd('meshwright.canary.status', (a) => this.status(a)),
    ];
  }

  /** Picks (or confirms) the VirtualService and canary to act on. */
  private async pick(
    args: CanaryArgs | undefined,
    session: ClusterSession,
  ): Promise<{ vs: KubeObject; canary: Canary; ref: ResourceRef } | undefined> {
    const all = session.cluster.types.find(
      (t) => t.kind === 'VirtualService' && t.group === VIRTUAL_SERVICE.group,
    );
    const candidates = (all ? session.cluster.objects(all) : []).flatMap((vs) =>
      detectCanaries(vs).map((canary) => ({
        vs,
        canary,
        ref: {
          apiVersion: vs.apiVersion ?? `${all!.group}/${all!.version}`,
          kind: 'VirtualService',
          namespace: vs.metadata.namespace,
          name: vs.metadata.name ?? '',
        },
      })),
    );
    const matching = args
      ? candidates.filter(
          (c) =>
            c.ref.name === args.ref.name &&
            c.ref.namespace === args.ref.namespace &&
            (!args.canaryKey ||
              sameDestinationKey(destinationKey(c.canary.canary), args.canaryKey, c.ref.namespace ?? '')),
        )
      : candidates;
    if (matching.length === 1) return matching[0];
    if (!matching.length) {
      void vscode.window.showWarningMessage(
        args
          ? `No weighted route in VirtualService ${args.ref.namespace}/${args.ref.name} on ${session.context}.`
          : `No VirtualService on ${session.context} splits traffic between destinations.`,
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      matching.map((c) => ({
        label: `${c.ref.namespace}/${c.ref.name}`,
        description: `${destinationKey(c.canary.canary)} at ${c.canary.canaryWeight}% (stable ${destinationKey(c.canary.stable)})`,
        c,
      })),
      { title: 'Meshwright: which canary?' },
    );
    return picked?.c;
  }

  private session(): ClusterSession | undefined {
    const s = this.controller.session;
    if (!s) void vscode.window.showWarningMessage('Meshwright: not connected to a cluster.');
    return s;
  }

  private async trusted(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const choice = await vscode.window.showWarningMessage(
      'Changing the cluster needs a trusted workspace.',
      'Manage Workspace Trust',
    );
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  /** Promote one step, to 100%, or roll back: confirm with the weight diff, then apply safely. */
  async step(
    args: CanaryArgs | undefined,
    action: Extract<CanaryAction, 'promote' | 'promote-full' | 'rollback'>,
  ): Promise<StepOutcome | undefined> {
    const session = this.session();
    if (!session || !(await this.trusted())) return undefined;
    const picked = await this.pick(args, session);
    if (!picked) return undefined;
    const { canary, vs, ref } = picked;
    const steps = stepsFor(
      vs.metadata.annotations as Record<string, unknown> | undefined,
      canarySettings().steps,
    );
    const to =
      action === 'rollback' ? 0 : action === 'promote-full' ? 100 : nextStep(canary.canaryWeight, steps);
    if (to === undefined) {
      void vscode.window.showInformationMessage(
        `${destinationKey(canary.canary)} already takes 100% of the traffic.`,
      );
      return undefined;
    }
    let diff: string;
    try {
      diff = describeChanges(planWeights(canary, to));
    } catch (e) {
      void vscode.window.showErrorMessage(
        `Cannot move ${destinationKey(canary.canary)} to ${to}%: ${(e as Error).message}`,
      );
      return undefined;
    }
    const verb = action === 'rollback' ? 'Roll back' : 'Promote';
    const answer = await vscode.window.showWarningMessage(
      `${verb} canary ${destinationKey(canary.canary)} to ${to}% on context "${session.context}", namespace ${ref.namespace}?`,
      {
        modal: true,
        detail: `VirtualService ${ref.name}: ${diff}\n\nDry run first; refused if the object changed since it was read.`,
      },
      verb,
    );
    if (answer !== verb) return undefined;
    const outcome = await applyStep(session.writer, {
      ref,
      canaryKey: destinationKey(canary.canary),
      to,
      expectedResourceVersion: vs.metadata.resourceVersion,
      entry: { action, time: new Date().toISOString(), by: `${safeUser()}@${session.context}` },
    });
    if (outcome.kind === 'conflict') return this.replan(outcome, args ?? { ref }, action, session);
    this.report(outcome, ref, session);
    return outcome;
  }

  /**
   * Someone else changed the VirtualService: show what it is now and offer to plan again from the new
   * state (a fresh confirmation with the new weight diff) — never apply the stale plan.
   */
  private async replan(
    outcome: Extract<StepOutcome, { kind: 'conflict' }>,
    args: CanaryArgs,
    action: Extract<CanaryAction, 'promote' | 'promote-full' | 'rollback'>,
    session: ClusterSession,
  ): Promise<StepOutcome> {
    const now = detectCanaries(outcome.live)
      .map((c) => `${destinationKey(c.canary)} at ${c.canaryWeight}%`)
      .join(', ');
    this.log.info(
      `canary ${args.ref.namespace}/${args.ref.name} on ${session.context}: conflict (${outcome.message})`,
    );
    const choice = await vscode.window.showErrorMessage(
      `Conflict: ${outcome.message}. Nothing was changed.${now ? ` Now: ${now}.` : ''}`,
      'Plan Again',
    );
    if (choice !== 'Plan Again') return outcome;
    // let the watch cache catch up with the object the server returned, so the new plan starts from it
    const rv = outcome.live.metadata.resourceVersion;
    const type = session.cluster.types.find((t) => t.kind === 'VirtualService');
    for (let i = 0; i < 40 && type; i++) {
      const cached = session.cluster
        .objects(type)
        .find((o) => o.metadata.name === args.ref.name && o.metadata.namespace === args.ref.namespace);
      if (cached?.metadata.resourceVersion === rv) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return (await this.step({ ref: args.ref, canaryKey: args.canaryKey }, action)) ?? outcome;
  }

  private report(outcome: StepOutcome, ref: ResourceRef, session: ClusterSession): void {
    this.log.info(
      `canary ${ref.namespace}/${ref.name} on ${session.context}: ${outcome.kind}${'summary' in outcome ? ` (${outcome.summary})` : ''}`,
    );
    switch (outcome.kind) {
      case 'applied':
        void vscode.window.showInformationMessage(`Canary ${ref.namespace}/${ref.name}: ${outcome.summary}.`);
        return;
      case 'unchanged':
        void vscode.window.showInformationMessage(outcome.summary);
        return;
      case 'conflict':
        void vscode.window.showErrorMessage(
          `Conflict: ${outcome.message}. Nothing was changed; look at the current weights and try again.`,
        );
        return;
      case 'invalid':
        void vscode.window.showErrorMessage(`The API server rejected the change: ${outcome.message}`);
        return;
      default:
        void vscode.window.showErrorMessage(`Canary ${ref.namespace}/${ref.name}: ${outcome.message}`);
    }
  }

  /** The automated run: progress notification with cancel; every decision in the log and the notification. */
  async automated(args: CanaryArgs | undefined): Promise<void> {
    const session = this.session();
    if (!session || !(await this.trusted())) return;
    const query = this.metricsFor(session);
    if (!query) {
      void vscode.window.showErrorMessage(
        'An automated canary needs Prometheus: set meshwright.prometheus.url, or install Prometheus in istio-system.',
      );
      return;
    }
    const picked = await this.pick(args, session);
    if (!picked) return;
    const { canary, vs, ref } = picked;
    const cfg = canarySettings();
    const steps = stepsFor(vs.metadata.annotations as Record<string, unknown> | undefined, cfg.steps);
    const canaryKey = destinationKey(canary.canary);
    const answer = await vscode.window.showWarningMessage(
      `Start an automated canary for ${canaryKey} on context "${session.context}", namespace ${ref.namespace}?`,
      {
        modal: true,
        detail:
          `Steps ${steps.join(' → ')}% every ${cfg.intervalMs / 1000}s while success ≥ ${cfg.thresholds.minSuccessRate}% and ` +
          `p99 ≤ ${cfg.thresholds.maxP99Ms} ms (${cfg.thresholds.window}, at least ${cfg.thresholds.minRequests} requests); ` +
          `rolls back to the stable after ${cfg.maxFailures} failed checks.`,
      },
      'Start',
    );
    if (answer !== 'Start') return;
    const runId = `${Date.now().toString(36)}`;
    const by = `${safeUser()}@${session.context}`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Canary ${canaryKey}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: `at ${canary.canaryWeight}%, first check in ${cfg.intervalMs / 1000}s` });
        const result = await runAutomated(
          {
            steps,
            startWeight: canary.canaryWeight,
            intervalMs: cfg.intervalMs,
            maxFailures: cfg.maxFailures,
            maxInconclusive: cfg.maxFailures,
          },
          {
            check: (signal) =>
              checkGates(
                query,
                gateTarget(canary.canary, ref.namespace ?? '', liveMeshObjects(session.cluster)),
                cfg.thresholds,
                signal,
              ),
            step: (to, action, gates) =>
              applyStep(session.writer, {
                ref,
                canaryKey,
                to,
                entry: { action, time: new Date().toISOString(), by, gates, run: runId },
              }),
            sleep: (ms, signal) =>
              new Promise((resolve, reject) => {
                const t = setTimeout(resolve, ms);
                signal.addEventListener('abort', () => (clearTimeout(t), reject(new Error('cancelled'))), {
                  once: true,
                });
              }),
          },
          (d) => {
            this.log.info(`canary ${ref.namespace}/${ref.name} check ${d.check}: ${d.text}`);
            progress.report({ message: d.text });
          },
          abort.signal,
        );
        const summary: Record<typeof result.kind, string> = {
          promoted: `${canaryKey} promoted to 100%.`,
          'rolled-back': `${canaryKey} rolled back to 0%: the gates failed.`,
          stopped: `stopped: ${'reason' in result ? result.reason : ''}`,
          cancelled: `cancelled; ${canaryKey} stays where it is.`,
          conflict: `stopped: ${'message' in result ? result.message : ''}. Nothing was overwritten.`,
          error: `stopped: ${'message' in result ? result.message : ''}`,
        };
        const text = `Canary ${ref.namespace}/${ref.name}: ${summary[result.kind]}`;
        this.log.info(text);
        if (result.kind === 'promoted') void vscode.window.showInformationMessage(text);
        else void vscode.window.showWarningMessage(text, 'Show Log').then((c) => c && this.log.show());
      },
    );
  }

  /** Current weights and the recorded history, in a read-only Markdown document. */
  async status(args: CanaryArgs | undefined): Promise<void> {
    const session = this.session();
    if (!session) return;
    const picked = await this.pick(args, session);
    if (!picked) return;
    const { canary, ref } = picked;
    const fresh = await session.writer.get(ref).catch(() => picked.vs);
    const current = findCanary(fresh, destinationKey(canary.canary)) ?? canary;
    const history = parseHistory(
      (fresh.metadata.annotations as Record<string, unknown> | undefined)?.[HISTORY_ANNOTATION],
    );
    const page = statusMarkdown(session.context, ref, current, history);
    const uri = vscode.Uri.from({
      scheme: STATUS_SCHEME,
      path: `/${session.context}/${ref.namespace}/${ref.name}/${destinationKey(current.canary).replace(/\//g, '-')}.md`,
    });
    this.statusPages.set(uri.toString(), page);
    this.statusChanged.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.statusPages.get(uri.toString()) ??
      '# Canary status\n\nRun "Meshwright: Show Canary Status" again.\n'
    );
  }
}
