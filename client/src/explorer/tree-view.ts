/**
 * The explorer's TreeDataProvider: maps the pure model's {@link ExplorerNode}s to TreeItems. Elements are
 * stable handles (one per node id) so a rebuild can refresh exactly the nodes {@link diffTree} reports and
 * the user's expansion and selection survive live updates.
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { ConnectionStatus } from '../cluster/live-cluster';
import { LiveTree } from './live-tree';
import type { ExplorerNode, ResourceRef } from './types';

/** A stable element for one node id; `node` is swapped on each rebuild. */
export class NodeHandle {
  constructor(
    readonly id: string,
    public node: ExplorerNode,
    public parent: NodeHandle | undefined,
  ) {}
}

const SEVERITY_COLOR: Record<string, string> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'charts.blue',
};

const STATE_TEXT: Partial<Record<ConnectionStatus['state'], string>> = {
  connecting: 'connecting…',
  reconnecting: 'reconnecting… (last known state)',
  unreachable: 'unreachable (last known state)',
  unauthorized: 'credentials rejected (401)',
  forbidden: 'no access (403)',
};

export class ExplorerTreeProvider implements vscode.TreeDataProvider<NodeHandle>, vscode.Disposable {
  private tree: LiveTree | undefined;
  private treeSubscription: vscode.Disposable | undefined;
  private readonly handles = new Map<string, NodeHandle>();
  private readonly changeEmitter = new vscode.EventEmitter<NodeHandle | NodeHandle[] | undefined>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly controller: ClusterController) {
    this.subscriptions = [
      controller.onDidChangeSession(() => this.attach()),
      controller.onDidChangeStatus(() => this.refreshRoot()),
      this.changeEmitter,
    ];
    this.attach();
  }

  /** The live tree of the current session (for commands and tests). */
  get liveTree(): LiveTree | undefined {
    return this.tree;
  }

  handleOf(id: string): NodeHandle | undefined {
    return this.handles.get(id);
  }

  /** The handle of the node showing `ref` (with its parent chain, so the view can reveal it). */
  handleForResource(ref: ResourceRef): NodeHandle | undefined {
    if (!this.tree) return undefined;
    const path: ExplorerNode[] = [];
    const walk = (node: ExplorerNode): boolean => {
      path.push(node);
      const r = node.resource;
      if (r && r.kind === ref.kind && r.name === ref.name && (r.namespace ?? '') === (ref.namespace ?? ''))
        return true;
      for (const c of node.children ?? []) if (walk(c)) return true;
      path.pop();
      return false;
    };
    if (!walk(this.tree.root)) return undefined;
    let parent: NodeHandle | undefined;
    for (const node of path) {
      let handle = this.handles.get(node.id);
      if (!handle) this.handles.set(node.id, (handle = new NodeHandle(node.id, node, parent)));
      handle.node = node;
      handle.parent = parent;
      parent = handle;
    }
    return parent;
  }

  private attach(): void {
    this.treeSubscription?.dispose();
    this.tree?.dispose();
    this.handles.clear();
    const session = this.controller.session;
    this.tree = session ? new LiveTree(session.cluster) : undefined;
    this.treeSubscription = this.tree?.onDidChange((diff) => {
      for (const id of diff.removed) this.handles.delete(id);
      this.updateHandles();
      if (diff.root) return this.changeEmitter.fire(undefined);
      const changed = topMost(diff.changed)
        .map((id) => this.handles.get(id))
        .filter((h): h is NodeHandle => !!h);
      // ids VS Code never asked for (collapsed, never expanded) need no event
      if (changed.length) this.changeEmitter.fire(changed);
    });
    this.changeEmitter.fire(undefined);
  }

  /** Point every handle at its node of the new build. */
  private updateHandles(): void {
    if (!this.tree || !this.handles.size) return;
    const walk = (node: ExplorerNode) => {
      const handle = this.handles.get(node.id);
      if (handle) handle.node = node;
      for (const c of node.children ?? []) walk(c);
    };
    walk(this.tree.root);
  }

  private refreshRoot(): void {
    const root = this.tree && this.handles.get(this.tree.root.id);
    this.changeEmitter.fire(root ? [root] : undefined);
  }

  getChildren(element?: NodeHandle): NodeHandle[] {
    if (!this.tree) return [];
    const nodes = element ? (this.current(element).children ?? []) : [this.tree.root];
    return nodes.map((node) => {
      let handle = this.handles.get(node.id);
      if (handle) {
        handle.node = node;
        handle.parent = element;
      } else {
        handle = new NodeHandle(node.id, node, element);
        this.handles.set(node.id, handle);
      }
      return handle;
    });
  }

  getParent(element: NodeHandle): NodeHandle | undefined {
    return element.parent;
  }

  getTreeItem(element: NodeHandle): vscode.TreeItem {
    const node = this.current(element);
    const session = this.controller.session;
    const item = new vscode.TreeItem(
      node.label,
      !node.children?.length
        ? vscode.TreeItemCollapsibleState.None
        : node.kind === 'context' || (node.kind === 'namespace' && node.label === session?.namespace)
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    item.description = node.description;
    if (node.kind === 'context') {
      const status = session?.cluster.status();
      const stateText = status && STATE_TEXT[status.state];
      if (stateText) item.description = `${stateText} · ${node.description}`;
    } else if (node.kind === 'namespace' && node.label === session?.namespace) {
      item.description = `default · ${node.description}`;
    }
    const tooltip = new vscode.MarkdownString(node.tooltip, true);
    item.tooltip = tooltip;
    const color = node.severity ? SEVERITY_COLOR[node.severity] : undefined;
    item.iconPath = new vscode.ThemeIcon(node.icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = node.contextValue;
    return item;
  }

  /** The latest node of a handle (handles outlive rebuilds). */
  private current(handle: NodeHandle): ExplorerNode {
    return handle.node;
  }

  dispose(): void {
    this.treeSubscription?.dispose();
    this.tree?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Drops ids whose ancestor is also listed (refreshing the ancestor refreshes them). */
function topMost(ids: readonly string[]): string[] {
  const sorted = [...ids].sort();
  const out: string[] = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && id.startsWith(`${last}/`)) continue;
    out.push(id);
  }
  return out;
}
