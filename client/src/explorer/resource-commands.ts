/**
 * Explorer actions on one resource: open as read-only YAML, edit and apply (diff, server-side dry run,
 * resourceVersion precondition — a conflict is reported, never overwritten), delete with a confirmation
 * naming the context, copy the name. Mutations need a trusted workspace.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { ClusterSession } from '../cluster/cluster-session';
import {
  applyEdit,
  deleteResource,
  editableManifest,
  planApply,
  type WriteFailure,
} from '../cluster/edit-plan';
import type { ResourceRef } from '../cluster/resource-writer';
import { editPath, liveUri, refOfPath } from './live-documents';
import type { NodeHandle } from './tree-view';

const describe = (ref: ResourceRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

export class ResourceCommands {
  constructor(
    private readonly controller: ClusterController,
    private readonly storage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('meshwright.resource.open', (h?: NodeHandle) => this.open(h)),
      vscode.commands.registerCommand('meshwright.resource.openRef', (ref?: ResourceRef) =>
        this.openRef(ref),
      ),
      vscode.commands.registerCommand('meshwright.resource.edit', (h?: NodeHandle) => this.edit(h)),
      vscode.commands.registerCommand('meshwright.resource.apply', (uri?: vscode.Uri) => this.apply(uri)),
      vscode.commands.registerCommand('meshwright.resource.delete', (h?: NodeHandle) => this.delete(h)),
      vscode.commands.registerCommand('meshwright.resource.copyName', (h?: NodeHandle) => this.copyName(h)),
    ];
  }

  private target(h: NodeHandle | undefined): { session: ClusterSession; ref: ResourceRef } | undefined {
    const ref = h?.node.resource;
    const session = this.controller.session;
    if (!ref || !session) {
      void vscode.window.showWarningMessage('Select a resource in the Meshwright explorer first.');
      return undefined;
    }
    return { session, ref };
  }

  async open(h: NodeHandle | undefined): Promise<void> {
    const t = this.target(h);
    if (!t) return;
    const doc = await vscode.workspace.openTextDocument(liveUri(t.session.context, t.ref));
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Opens an object named by reference (from the service graph's detail panel). */
  async openRef(ref: ResourceRef | undefined): Promise<void> {
    const session = this.controller.session;
    if (!ref?.name || !ref.kind || !session) {
      void vscode.window.showWarningMessage(
        'Meshwright: nothing to open (not connected, or no object named).',
      );
      return;
    }
    const doc = await vscode.workspace.openTextDocument(liveUri(session.context, ref));
    await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  async edit(h: NodeHandle | undefined): Promise<void> {
    const t = this.target(h);
    if (!t || !(await this.trusted())) return;
    let live;
    try {
      live = await t.session.writer.get(t.ref); // fresh: the edit's precondition is this resourceVersion
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot read ${describe(t.ref)}: ${(e as Error).message}`);
      return;
    }
    const file = editPath(this.storage.fsPath, t.session.context, t.ref);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, editableManifest({ apiVersion: t.ref.apiVersion, kind: t.ref.kind, ...live }));
    const uri = vscode.Uri.file(file);
    // an editor still open on an older copy must show the fresh text
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open?.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert', uri);
    await vscode.window.showTextDocument(uri, { preview: false });
    void vscode.window.setStatusBarMessage(
      `Editing ${describe(t.ref)} — run "Meshwright: Apply to Cluster" (editor title) when done`,
      8000,
    );
  }

  async apply(uri: vscode.Uri | undefined): Promise<void> {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    const target = uri && uri.scheme === 'file' ? refOfPath(uri.fsPath) : undefined;
    if (!uri || !target || !uri.fsPath.startsWith(path.join(this.storage.fsPath, 'edits'))) {
      void vscode.window.showWarningMessage(
        'Open a resource with "Edit" in the Meshwright explorer, then apply it.',
      );
      return;
    }
    if (!(await this.trusted())) return;
    const session = this.controller.session;
    if (!session || session.context !== target.context) {
      void vscode.window.showErrorMessage(
        `This edit is for context "${target.context}", but the current context is "${session?.context ?? 'none'}". Switch context to apply it.`,
      );
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const plan = planApply(target.ref, doc.getText());
    if ('errors' in plan) {
      void vscode.window.showErrorMessage(`Not applied: ${plan.errors.join('; ')}`);
      return;
    }
    await vscode.commands.executeCommand(
      'vscode.diff',
      liveUri(session.context, target.ref),
      uri,
      `${target.ref.name}: live ↔ your edit`,
    );
    const choice = await vscode.window.showWarningMessage(
      `Apply ${describe(target.ref)} to context "${session.context}"?`,
      {
        modal: true,
        detail:
          'The server validates it first (dry run). It is refused, not overwritten, if the object changed since you opened it.',
      },
      'Apply',
    );
    if (choice !== 'Apply') return;
    const outcome = await applyEdit(session.writer, plan.ok);
    this.log.info(`apply ${describe(target.ref)} on ${session.context}: ${outcome.kind}`);
    switch (outcome.kind) {
      case 'applied': {
        // keep editing from the new version: the next apply's precondition is the applied resourceVersion
        await writeFile(uri.fsPath, editableManifest(outcome.object));
        await vscode.commands.executeCommand('workbench.action.files.revert', uri);
        void vscode.window.showInformationMessage(
          `Applied ${describe(target.ref)} (resourceVersion ${outcome.object.metadata.resourceVersion ?? '?'}).`,
        );
        return;
      }
      case 'invalid': {
        const causes = outcome.causes
          .map((c) => `${c.field ?? ''} ${c.message ?? ''}`.trim())
          .filter(Boolean);
        void vscode.window.showErrorMessage(
          `The API server rejected ${describe(target.ref)}: ${outcome.message}${causes.length ? ` (${causes.join('; ')})` : ''}`,
        );
        return;
      }
      default:
        return this.reportFailure(outcome, target.ref, session, uri);
    }
  }

  async delete(h: NodeHandle | undefined): Promise<void> {
    const t = this.target(h);
    if (!t || !(await this.trusted())) return;
    const choice = await vscode.window.showWarningMessage(
      `Delete ${describe(t.ref)} from context "${t.session.context}"?`,
      {
        modal: true,
        detail: 'This cannot be undone. It is refused if the object changed since the explorer last saw it.',
      },
      'Delete',
    );
    if (choice !== 'Delete') return;
    const type = t.session.cluster.types.find((x) => x.kind === t.ref.kind);
    const cached = type
      ? t.session.cluster
          .objects(type)
          .find((o) => o.metadata.name === t.ref.name && o.metadata.namespace === t.ref.namespace)
      : undefined;
    const outcome = await deleteResource(t.session.writer, t.ref, cached?.metadata.resourceVersion);
    this.log.info(`delete ${describe(t.ref)} on ${t.session.context}: ${outcome.kind}`);
    if (outcome.kind === 'deleted') {
      void vscode.window.showInformationMessage(`Deleted ${describe(t.ref)}.`);
    } else {
      await this.reportFailure(outcome, t.ref, t.session);
    }
  }

  async copyName(h: NodeHandle | undefined): Promise<void> {
    const ref = h?.node.resource;
    if (ref) await vscode.env.clipboard.writeText(ref.name);
  }

  private async reportFailure(
    outcome: WriteFailure,
    ref: ResourceRef,
    session: ClusterSession,
    editUri?: vscode.Uri,
  ): Promise<void> {
    switch (outcome.kind) {
      case 'conflict': {
        const actions = editUri ? ['Compare with Live'] : [];
        const choice = await vscode.window.showErrorMessage(
          `Conflict: ${describe(ref)} changed in the cluster since you opened it (now resourceVersion ${outcome.live.metadata.resourceVersion ?? '?'}). Nothing was changed.`,
          ...actions,
        );
        if (choice === 'Compare with Live' && editUri) {
          await vscode.commands.executeCommand(
            'vscode.diff',
            liveUri(session.context, ref),
            editUri,
            `${ref.name}: live ↔ your edit`,
          );
        }
        return;
      }
      case 'forbidden':
        void vscode.window.showErrorMessage(
          `No permission for ${describe(ref)} in "${session.context}": ${outcome.message}`,
        );
        return;
      case 'notFound':
        void vscode.window.showErrorMessage(`${describe(ref)} no longer exists: ${outcome.message}`);
        return;
      case 'error':
        void vscode.window.showErrorMessage(`${describe(ref)}: ${outcome.message}`);
        return;
    }
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
}
