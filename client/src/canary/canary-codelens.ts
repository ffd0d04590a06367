/**
 * CodeLens above weighted routes in YAML files: the canary's weight in the file and, when the same
 * VirtualService runs in the current cluster, its live weight with "Promote → N%" and "Roll back"; and
 * "Set N% in file" for GitOps (only the weight scalars change, comments and layout stay).
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { KubeObject } from '../cluster/transport';
import { destinationKey, type Canary } from './detect';
import { canaryDocuments, ruleOffset, weightEdits } from './file-edit';
import { nextStep, planWeights, stepsFor } from './plan';
import { findCanary } from './cluster-step';

export interface SetInFileArgs {
  uri: string;
  docIndex: number;
  canaryKey: string;
  to: number;
  /** the VirtualService in the cluster, when it runs there */
  ref?: { apiVersion: string; kind: string; namespace?: string; name: string };
}

export class CanaryCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private clusterSubscription: { dispose(): void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly controller: ClusterController) {
    this.subscriptions.push(
      this.changed,
      controller.onDidChangeSession(() => this.follow()),
      vscode.commands.registerCommand('meshwright.canary.setInFile', (a: SetInFileArgs) => this.setInFile(a)),
    );
    this.follow();
  }

  private follow(): void {
    this.clusterSubscription?.dispose();
    this.clusterSubscription = this.controller.session?.cluster.onDidChange(() => {
      // live weights change the lenses; at most one refresh per second
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.changed.fire();
      }, 1000);
    });
    this.changed.fire();
  }

  /** The live VirtualService matching a file's, in the current session. */
  private live(namespace: string, name: string): KubeObject | undefined {
    const session = this.controller.session;
    const type = session?.cluster.types.find((t) => t.kind === 'VirtualService');
    return type
      ? session!.cluster
          .objects(type)
          .find((o) => o.metadata.name === name && o.metadata.namespace === namespace)
      : undefined;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (!text.includes('weight')) return [];
    const defaultNs =
      vscode.workspace.getConfiguration('meshwright', document.uri).get<string>('defaultNamespace') ||
      'default';
    const lenses: vscode.CodeLens[] = [];
    for (const doc of canaryDocuments(text)) {
      const name = doc.value.metadata?.name ?? '';
      const namespace = doc.value.metadata?.namespace ?? defaultNs;
      const live = this.live(namespace, name);
      for (const canary of doc.canaries) {
        const first = canary.rules[0]!;
        const offset = ruleOffset(text, doc.index, first.section, first.rule);
        if (offset === undefined) continue;
        const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset));
        lenses.push(
          ...this.lensesFor(
            document,
            doc.index,
            canary,
            range,
            namespace,
            name,
            live,
            doc.value.metadata?.annotations,
          ),
        );
      }
    }
    return lenses;
  }

  private lensesFor(
    document: vscode.TextDocument,
    docIndex: number,
    canary: Canary,
    range: vscode.Range,
    namespace: string,
    name: string,
    live: KubeObject | undefined,
    annotations: Record<string, unknown> | undefined,
  ): vscode.CodeLens[] {
    const key = destinationKey(canary.canary);
    const shown = key.replace(`.${namespace}.svc.cluster.local`, '');
    const steps = stepsFor(
      annotations,
      vscode.workspace.getConfiguration('meshwright.canary').get<number[]>('steps'),
    );
    const out: vscode.CodeLens[] = [];
    const liveCanary = live ? findCanary(live, key) : undefined;
    const ref = live
      ? { apiVersion: live.apiVersion ?? 'networking.istio.io/v1', kind: 'VirtualService', namespace, name }
      : undefined;
    const context = this.controller.session?.context;
    out.push(
      new vscode.CodeLens(range, {
        title: `$(pulse) canary ${shown}: file ${canary.canaryWeight}%${liveCanary ? ` · ${context} ${liveCanary.canaryWeight}%` : ''}`,
        command: ref ? 'meshwright.canary.status' : '',
        arguments: ref ? [{ ref, canaryKey: key }] : [],
        tooltip: ref ? 'Show the canary status and history' : 'Not running in the current cluster',
      }),
    );
    if (ref && liveCanary) {
      const next = nextStep(liveCanary.canaryWeight, steps);
      if (next !== undefined) {
        out.push(
          new vscode.CodeLens(range, {
            title: `Promote → ${next}%`,
            command: 'meshwright.canary.promote',
            arguments: [{ ref, canaryKey: key }],
            tooltip: `Move ${key} to ${next}% on ${context} (asks first)`,
          }),
        );
      }
      if (liveCanary.canaryWeight > 0) {
        out.push(
          new vscode.CodeLens(range, {
            title: 'Roll back',
            command: 'meshwright.canary.rollback',
            arguments: [{ ref, canaryKey: key }],
            tooltip: `Send all traffic back to ${destinationKey(liveCanary.stable)} on ${context} (asks first)`,
          }),
        );
      }
    }
    const fileNext = nextStep(canary.canaryWeight, steps);
    if (fileNext !== undefined) {
      out.push(
        new vscode.CodeLens(range, {
          title: `Set ${fileNext}% in file`,
          command: 'meshwright.canary.setInFile',
          arguments: [
            {
              uri: document.uri.toString(),
              docIndex,
              canaryKey: key,
              to: fileNext,
              ref,
            } satisfies SetInFileArgs,
          ],
          tooltip: 'Change only the weights in this file (GitOps); comments and layout stay',
        }),
      );
    }
    return out;
  }

  /** Sets the weights in the file (an undoable edit, not saved) and offers to move the cluster too. */
  async setInFile(a: SetInFileArgs): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
    const text = document.getText();
    const doc = canaryDocuments(text).find((d) => d.index === a.docIndex);
    const canary = doc?.canaries.find((c) => destinationKey(c.canary) === a.canaryKey);
    if (!canary) {
      void vscode.window.showWarningMessage(`The file no longer routes to ${a.canaryKey} with weights.`);
      return false;
    }
    let edits;
    try {
      edits = weightEdits(text, a.docIndex, planWeights(canary, a.to));
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot set ${a.canaryKey} to ${a.to}%: ${(e as Error).message}`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(
        document.uri,
        new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)),
        e.text,
      );
    }
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok && a.ref) {
      const context = this.controller.session?.context;
      const choice = await vscode.window.showInformationMessage(
        `Set ${a.canaryKey} to ${a.to}% in the file. Move the cluster (${context}) too?`,
        'Promote in Cluster',
      );
      if (choice)
        await vscode.commands.executeCommand('meshwright.canary.promote', {
          ref: a.ref,
          canaryKey: a.canaryKey,
        });
    }
    return ok;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.clusterSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
