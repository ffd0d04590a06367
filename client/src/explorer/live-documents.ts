/**
 * Read-only YAML documents of live objects (`meshwright-live:` URIs) and the paths of editable copies.
 * A live document follows the watch cache: when the object changes in the cluster the open editor
 * updates. Edit copies are plain files under the extension's storage whose path names the context and
 * the object, so an Apply still knows its target after VS Code restarts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import { manifestForDiff } from '../cluster/edit-plan';
import { apiVersionOf, type WatchedType } from '../cluster/resource-types';
import type { ResourceRef } from '../cluster/resource-writer';
import type { KubeObject } from '../cluster/transport';

export const LIVE_SCHEME = 'meshwright-live';
const CLUSTER_SCOPED = '_';

/** `meshwright-live:/CONTEXT/NAMESPACE/APIVERSION/KIND/NAME.yaml` (apiVersion's `/` encoded). */
export function liveUri(context: string, ref: ResourceRef): vscode.Uri {
  const parts = [context, ref.namespace || CLUSTER_SCOPED, ref.apiVersion, ref.kind, `${ref.name}.yaml`];
  return vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${parts.map(encodeURIComponent).join('/')}` });
}

/** Context and object of a path ending in `CONTEXT/NAMESPACE/APIVERSION/KIND/NAME.yaml`. */
export function refOfPath(p: string): { context: string; ref: ResourceRef } | undefined {
  const parts = p.split(/[\\/]/).slice(-5).map(decodeURIComponent);
  if (parts.length !== 5 || !parts[4]!.endsWith('.yaml')) return undefined;
  const [context, namespace, apiVersion, kind, file] = parts as [string, string, string, string, string];
  return {
    context,
    ref: {
      apiVersion,
      kind,
      name: file.slice(0, -'.yaml'.length),
      ...(namespace === CLUSTER_SCOPED ? {} : { namespace }),
    },
  };
}

/** The file an edit of `ref` is kept in, under `root` (the extension's storage). */
export function editPath(root: string, context: string, ref: ResourceRef): string {
  const parts = [context, ref.namespace || CLUSTER_SCOPED, ref.apiVersion, ref.kind, `${ref.name}.yaml`];
  return path.join(root, 'edits', ...parts.map(encodeURIComponent));
}

export class LiveDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly versions = new Map<string, string | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private clusterSubscription: { dispose(): void } | undefined;
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly controller: ClusterController) {
    this.subscriptions.push(
      this.changeEmitter,
      controller.onDidChangeSession(() => this.follow()),
      vscode.workspace.onDidCloseTextDocument((d) => this.versions.delete(d.uri.toString())),
    );
    this.follow();
  }

  /** The object behind a live URI: from the watch cache when watched, else a GET. */
  async object(uri: vscode.Uri): Promise<KubeObject> {
    const target = refOfPath(uri.path);
    const session = this.controller.session;
    if (!target) throw new Error(`Not a Meshwright resource URI: ${uri.toString()}`);
    if (!session || session.context !== target.context) {
      throw new Error(
        `Context ${target.context} is not the current context; switch to it to open this resource.`,
      );
    }
    return this.cached(uri) ?? session.writer.get(target.ref);
  }

  /** The watched type of a live URI's object, if Meshwright watches it. */
  private watchedType(uri: vscode.Uri): WatchedType | undefined {
    const target = refOfPath(uri.path);
    const session = this.controller.session;
    if (!target || !session || session.context !== target.context) return undefined;
    return session.cluster.types.find(
      (t) => t.kind === target.ref.kind && apiVersionOf(t) === target.ref.apiVersion,
    );
  }

  /** The object from the watch cache, when its type is watched and it exists. */
  cached(uri: vscode.Uri): KubeObject | undefined {
    const target = refOfPath(uri.path);
    const session = this.controller.session;
    if (!target || !session || session.context !== target.context) return undefined;
    const type = this.watchedType(uri);
    const cached =
      type &&
      session.cluster
        .objects(type)
        .find(
          (o) =>
            o.metadata.name === target.ref.name &&
            (o.metadata.namespace ?? '') === (target.ref.namespace ?? ''),
        );
    return cached ? { apiVersion: target.ref.apiVersion, kind: target.ref.kind, ...cached } : undefined;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      const obj = await this.object(uri);
      this.versions.set(uri.toString(), obj.metadata.resourceVersion);
      return manifestForDiff(obj);
    } catch (e) {
      this.versions.set(uri.toString(), undefined);
      return `# ${(e as Error).message}\n`;
    }
  }

  /** Refresh open live documents whose object changed in the cluster. */
  private follow(): void {
    this.clusterSubscription?.dispose();
    this.clusterSubscription = this.controller.session?.cluster.onDidChange(() => {
      for (const [key, version] of this.versions) {
        const uri = vscode.Uri.parse(key);
        // only watched objects are followed (no GET per cluster change); a deletion shows as a message
        if (!this.watchedType(uri)) continue;
        const current = this.cached(uri);
        if (current ? current.metadata.resourceVersion !== version : version !== undefined) {
          this.changeEmitter.fire(uri);
        }
      }
    });
  }

  dispose(): void {
    this.clusterSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
