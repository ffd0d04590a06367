/**
 * The peer: a poll-based explorer like tools whose refresh re-lists every type (vscode-kubernetes-tools'
 * refresh runs a `kubectl get` per type): every interval it lists all the collections the live client
 * watches with plain HTTP GETs (keep-alive, in parallel: its best case) and rebuilds the same model.
 */
import * as http from 'node:http';
import { collectionPath } from '../../client/src/cluster/client-node-transport';
import { apiVersionOf, type WatchedType } from '../../client/src/cluster/resource-types';
import { buildTree, resourceKey } from '../../client/src/explorer/model';
import type { ClusterSnapshot, ExplorerNode, KubeObject } from '../../client/src/explorer/types';

export interface Lister {
  url: string;
  token: string;
  agent: http.Agent;
}

function getJson(l: Lister, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${l.url}${path}`,
      { agent: l.agent, headers: { authorization: `Bearer ${l.token}`, accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

/** Lists every type once and returns the explorer snapshot of the result. */
export async function listSnapshot(
  l: Lister,
  context: string,
  types: readonly WatchedType[],
): Promise<ClusterSnapshot & { objects: Map<string, KubeObject[]> }> {
  const lists = await Promise.all(
    types.map(async (t) => {
      const path = collectionPath({ apiVersion: apiVersionOf(t), kind: t.kind, plural: t.resource });
      const body = (await getJson(l, path)) as { items?: KubeObject[] };
      return [resourceKey(t.group, t.kind), body.items ?? []] as [string, KubeObject[]];
    }),
  );
  return { context, objects: new Map(lists) };
}

export interface PollerOptions extends Omit<Lister, 'agent'> {
  context: string;
  types: readonly WatchedType[];
  intervalMs: number;
  /** called after each refresh with the new tree and the snapshot it was built from */
  onRefresh(root: ExplorerNode, snapshot: ClusterSnapshot & { objects: Map<string, KubeObject[]> }): void;
}

export class NaivePoller {
  readonly pollMs: number[] = [];
  readonly buildMs: number[] = [];
  polls = 0;
  errors = 0;
  private readonly lister: Lister;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: PollerOptions) {
    this.lister = { url: options.url, token: options.token, agent: new http.Agent({ keepAlive: true }) };
  }

  start(): void {
    this.stopped = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.lister.agent.destroy();
  }

  private tick(): void {
    if (this.stopped) return;
    const start = performance.now();
    this.running = this.refresh().then(() => {
      const wait = Math.max(0, start + this.options.intervalMs - performance.now());
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), wait);
    });
  }

  private async refresh(): Promise<void> {
    const t0 = performance.now();
    try {
      const snapshot = await listSnapshot(this.lister, this.options.context, this.options.types);
      const t1 = performance.now();
      const root = buildTree(snapshot);
      this.buildMs.push(performance.now() - t1);
      this.pollMs.push(performance.now() - t0);
      this.polls++;
      this.options.onRefresh(root, snapshot);
    } catch {
      this.errors++;
    }
  }
}
