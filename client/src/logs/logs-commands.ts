/**
 * Commands of aggregated pod logs: `meshwright.logs.tail` (palette: namespace, then a workload, service,
 * pod or the whole namespace, or a typed label selector / pod-name regex), `meshwright.logs.tailResource`
 * (explorer and graph: a node handle or a resource ref) and `meshwright.logs.stopAll`. Each tail runs in
 * its own terminal; settings `meshwright.logs.*` give the defaults.
 */
import * as vscode from 'vscode';
import type { ClusterController } from '../cluster/cluster-controller';
import type { ClusterSession } from '../cluster/cluster-session';
import { KUBERNETES_TYPES, NAMESPACES, PODS } from '../cluster/resource-types';
import { compileFilter } from './line-filters';
import { clientNodeLogOpener } from './log-opener';
import { DEFAULT_TAIL_OPTIONS, parseSince, type TailOptions } from './tail-options';
import { TailSession } from './tail-session';
import { TailTerminal } from './tail-terminal';
import { describeTarget, parseTypedTarget, targetOfResource, type LogTarget } from './target';

/** What tests in a real VS Code reach: the running tails. */
export interface LogsApi {
  tails(): TailSession[];
  /** starts a tail without prompts */
  tail(target: LogTarget, options?: Partial<Omit<TailOptions, 'target'>>): TailSession | undefined;
  stopAll(): void;
}

/** The tail options from the `meshwright.logs` settings. */
function optionsFromSettings(): Omit<TailOptions, 'target'> {
  const c = vscode.workspace.getConfiguration('meshwright.logs');
  const d = DEFAULT_TAIL_OPTIONS;
  const regex = (key: string) => {
    const v = c.get<string>(key, '');
    try {
      return v ? compileFilter(v) : undefined;
    } catch {
      void vscode.window.showWarningMessage(`meshwright.logs.${key}: invalid regex "${v}" ignored`);
      return undefined;
    }
  };
  const tail = c.get<number>('tail', d.tailLines ?? -1);
  return {
    ...d,
    containers: {
      includeSidecar: c.get('includeSidecar', d.containers.includeSidecar),
      includeInit: c.get('includeInit', d.containers.includeInit),
      include: regex('includeContainers'),
      exclude: regex('excludeContainers'),
    },
    sinceSeconds: parseSince(c.get<string>('since', '')),
    tailLines: tail < 0 ? undefined : tail,
    timestamps: c.get('timestamps', d.timestamps),
    expandJson: c.get('expandJson', d.expandJson),
    maxStreams: Math.max(1, c.get('maxStreams', d.maxStreams)),
    startsPerSecond: Math.max(1, c.get('startsPerSecond', d.startsPerSecond)),
    bufferLines: Math.max(100, c.get('bufferLines', d.bufferLines)),
  };
}

const LOOKUP_TYPES = KUBERNETES_TYPES.filter((t) =>
  ['Service', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(t.kind),
);

interface TargetItem extends vscode.QuickPickItem {
  target?: LogTarget;
}

export function registerLogs(
  controller: ClusterController,
  _context: vscode.ExtensionContext,
): { disposables: vscode.Disposable[]; api: LogsApi } {
  const terminals = new Set<TailTerminal>();

  function start(
    session: ClusterSession,
    target: LogTarget,
    overrides: Partial<Omit<TailOptions, 'target'>> = {},
  ): TailSession {
    const lease = session.registry.acquire(PODS);
    const options: TailOptions = { ...optionsFromSettings(), ...overrides, target };
    const term = new TailTerminal(
      (output) =>
        new TailSession(options, {
          pods: lease.cache,
          lookup: (kind, ns, name) => {
            const type = LOOKUP_TYPES.find((t) => t.kind === kind);
            return (
              type &&
              session.cluster
                .objects(type)
                .find((o) => o.metadata.namespace === ns && o.metadata.name === name)
            );
          },
          onClusterChange: (l) => session.cluster.onDidChange(l),
          open: clientNodeLogOpener(session.kc),
          ...output,
        }),
      (t) => {
        lease.release();
        terminals.delete(t);
      },
    );
    terminals.add(term);
    term.terminal.show();
    return term.session;
  }

  const requireSession = (): ClusterSession | undefined => {
    const s = controller.session;
    if (!s)
      void vscode.window.showWarningMessage(
        'Meshwright: no cluster connection (pick a kubeconfig context first).',
      );
    return s;
  };

  async function pickTarget(session: ClusterSession): Promise<LogTarget | undefined> {
    const namespaces = session.cluster
      .objects(NAMESPACES)
      .map((n) => n.metadata.name ?? '')
      .sort();
    const ALL = '$(globe) All namespaces';
    const ns = await vscode.window.showQuickPick([ALL, ...namespaces], {
      title: 'Meshwright: Tail Logs — namespace',
      placeHolder: session.namespace,
    });
    if (ns === undefined) return undefined;
    const namespace = ns === ALL ? undefined : ns;
    const items: TargetItem[] = [];
    if (namespace) {
      items.push({
        label: `$(folder) Whole namespace ${namespace}`,
        target: { type: 'namespace', namespace },
      });
      for (const type of LOOKUP_TYPES) {
        for (const o of session.cluster.objects(type).filter((x) => x.metadata.namespace === namespace)) {
          const target = targetOfResource({ kind: type.kind, namespace, name: o.metadata.name ?? '' });
          if (target) items.push({ label: o.metadata.name ?? '', description: type.kind, target });
        }
      }
      for (const p of session.cluster.objects(PODS).filter((x) => x.metadata.namespace === namespace)) {
        items.push({
          label: p.metadata.name ?? '',
          description: 'Pod',
          target: { type: 'pod', namespace, name: p.metadata.name ?? '' },
        });
      }
    }
    const qp = vscode.window.createQuickPick<TargetItem>();
    qp.title = `Meshwright: Tail Logs — ${namespace ?? 'all namespaces'}`;
    qp.placeholder = 'Pick a target, or type a label selector (app=web,version!=v1) or a pod-name regex';
    qp.matchOnDescription = true;
    qp.items = items;
    qp.onDidChangeValue((value) => {
      if (!value.trim()) return void (qp.items = items);
      const typed = parseTypedTarget(value, namespace);
      const label =
        typed.type === 'selector'
          ? `$(filter) Label selector: ${value}`
          : `$(regex) Pod name regex: ${value}`;
      qp.items = [{ label, description: describeTarget(typed), alwaysShow: true, target: typed }, ...items];
    });
    return new Promise((resolve) => {
      qp.onDidAccept(() => {
        resolve(qp.selectedItems[0]?.target);
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  }

  const api: LogsApi = {
    tails: () => [...terminals].map((t) => t.session),
    tail: (target, options) => {
      const session = controller.session;
      return session ? start(session, target, options) : undefined;
    },
    stopAll: () => {
      for (const t of [...terminals]) t.stop(false);
    },
  };

  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand('meshwright.logs.tail', async () => {
      const session = requireSession();
      const target = session && (await pickTarget(session));
      if (session && target) start(session, target);
    }),
    vscode.commands.registerCommand(
      'meshwright.logs.tailResource',
      (
        arg?:
          | { node?: { resource?: { kind: string; namespace?: string; name: string } } }
          | { kind: string; namespace?: string; name: string },
      ) => {
        const ref =
          arg && 'node' in arg
            ? arg.node?.resource
            : (arg as { kind: string; namespace?: string; name: string } | undefined);
        const target = ref && targetOfResource(ref);
        if (!target)
          return void vscode.window.showWarningMessage(
            'Meshwright: logs can be tailed for workloads, services, namespaces and pods.',
          );
        const session = requireSession();
        if (session) start(session, target);
      },
    ),
    vscode.commands.registerCommand('meshwright.logs.stopAll', () => api.stopAll()),
    { dispose: () => [...terminals].forEach((t) => t.dispose()) },
    // a new context or kubeconfig: tails of the old session stop (their streams belong to it)
    controller.onDidChangeSession(() => api.stopAll()),
  ];
  return { disposables, api };
}
