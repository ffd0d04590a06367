/**
 * The workspace's YAML files for the graph's config overlay (vscode adapter over workspace-objects.ts):
 * found with `findFiles` (node_modules and .git excluded, at most {@link MAX_FILES}), read from the open
 * editor when there is one (unsaved edits count: they are the state being worked on), else from disk.
 * Edits, saves, creations and deletions update the objects and fire one debounced change event.
 * Started on first use (the first graph), not at activation.
 */
import * as vscode from 'vscode';
import type { MeshObjects } from './mesh-objects';
import { MAX_FILE_BYTES, WorkspaceMeshObjects } from './workspace-objects';

const GLOB = '**/*.{yaml,yml}';
const EXCLUDE = '**/{node_modules,.git}/**';
/** Files looked at, at most (a monorepo's thousands of CI and chart files are not the mesh config). */
export const MAX_FILES = 2000;

const isYaml = (uri: vscode.Uri) => uri.scheme === 'file' && /\.ya?ml$/i.test(uri.path);
const defaultNamespace = (uri: vscode.Uri) =>
  vscode.workspace.getConfiguration('meshwright', uri).get<string>('defaultNamespace') || 'default';

export class WorkspaceMeshFiles implements vscode.Disposable {
  private readonly store = new WorkspaceMeshObjects();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private scan: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** edited documents waiting to be parsed (typing parses once per pause, not per keystroke) */
  private readonly edited = new Map<string, vscode.TextDocument>();
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fired (debounced) when the objects of the workspace files changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly debounceMs = 400,
  ) {}

  /** The objects of the workspace files (after the first scan). */
  async objects(): Promise<MeshObjects> {
    await this.start();
    return this.store.objects();
  }

  /** Namespaces of the files' objects (for the picker; empty until the first scan is done). */
  namespaces(): string[] {
    return this.store.namespaces();
  }

  /** Scan the workspace once and start watching. */
  start(): Promise<void> {
    this.scan ??= this.scanAndWatch().catch((err: unknown) =>
      this.log.error('Service graph: reading the workspace YAML files failed', err),
    );
    return this.scan;
  }

  private async scanAndWatch(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.readDisk(uri)),
      watcher.onDidChange((uri) => void this.readDisk(uri)),
      watcher.onDidDelete((uri) => this.changed(this.store.delete(uri.toString()))),
      vscode.workspace.onDidChangeTextDocument((e) => this.edit(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.readEditor(d)),
      // closing without saving: the file's state is the disk's again
      vscode.workspace.onDidCloseTextDocument((d) => isYaml(d.uri) && void this.readDisk(d.uri)),
    );
    const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
    if (uris.length >= MAX_FILES)
      this.log.warn(`Service graph: read the first ${MAX_FILES} YAML files of the workspace only`);
    for (let i = 0; i < uris.length; i += 64)
      await Promise.all(uris.slice(i, i + 64).map((uri) => this.readDisk(uri, false)));
    for (const d of vscode.workspace.textDocuments) this.readEditor(d, false);
    this.log.info(`Service graph: ${this.store.uris().length} workspace files hold mesh objects`);
  }

  /** The file as its editor holds it, else as on disk. */
  private async readDisk(uri: vscode.Uri, notify = true): Promise<void> {
    if (!isYaml(uri) || !vscode.workspace.getWorkspaceFolder(uri)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.readEditor(open, notify);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) return this.changed(this.store.delete(uri.toString()), notify);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.changed(this.store.set(this.file(uri), text, defaultNamespace(uri)), notify);
    } catch {
      this.changed(this.store.delete(uri.toString()), notify); // deleted meanwhile
    }
  }

  private edit(d: vscode.TextDocument): void {
    if (!isYaml(d.uri)) return;
    this.edited.set(d.uri.toString(), d);
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      for (const doc of this.edited.values()) this.readEditor(doc);
      this.edited.clear();
    }, this.debounceMs);
  }

  private readEditor(d: vscode.TextDocument, notify = true): void {
    if (!isYaml(d.uri) || !vscode.workspace.getWorkspaceFolder(d.uri)) return;
    this.changed(this.store.set(this.file(d.uri), d.getText(), defaultNamespace(d.uri)), notify);
  }

  private file(uri: vscode.Uri) {
    return { uri: uri.toString(), path: vscode.workspace.asRelativePath(uri, true) };
  }

  private changed(changed: boolean, notify = true): void {
    if (!changed || !notify) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emitter.fire(), 100);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.editTimer);
    for (const d of this.disposables) d.dispose();
  }
}
