/**
 * Cluster churn over the emulator's HTTP API, like a busy cluster: pod status changes (a restart count
 * going up), pod label changes, pods created and deleted, VirtualServices created and deleted. Runs in a
 * process of its own (churn-process.ts), so its CPU time is not counted as the observer's; every write
 * is reported as a {@link ChangeRecord} (sent time on the wall clock both processes share) to the
 * benchmark's {@link ChangeTracker}.
 */
import { createRng, type Rng } from '../../test/helpers/prng';
import type { ChangeOp, ChangeRecord } from './change-tracker';

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

interface PodEntry {
  namespace: string;
  name: string;
  restarts: number;
  rev: number;
}

interface PodTemplate {
  metadata: { labels?: Record<string, string>; ownerReferences?: unknown[] };
  spec: unknown;
  status: unknown;
}

export interface ChurnOptions {
  /** emulator base URL (writes go straight to it, not through an observer's proxy) */
  url: string;
  token: string;
  ratePerSecond: number;
  /** each write when it is sent, and again (`failed: true`) when it failed */
  report(record: ChangeRecord): void;
  seed: number;
  /** in the names of created objects, so two churns on one cluster do not collide */
  tag: string;
}

const MIX: [ChangeOp, number][] = [
  ['pod-status', 0.6],
  ['pod-label', 0.2],
  ['pod-create', 0.08],
  ['pod-delete', 0.08],
  ['vs-create', 0.02],
  ['vs-delete', 0.02],
];

/** Objects this churn created that stay before it deletes the oldest (VirtualServices: a third). */
const MIN_LIVE_OBJECTS = 30;

export class Churn {
  private id = 0;
  private readonly rng: Rng;
  private pods: PodEntry[] = [];
  private readonly templates = new Map<string, PodTemplate>();
  private readonly created: PodEntry[] = [];
  private readonly virtualServices: { namespace: string; name: string }[] = [];
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private serial = 0;
  /** HTTP round trips of the writes (ms) */
  readonly writeMs: number[] = [];
  errors = 0;

  constructor(private readonly options: ChurnOptions) {
    this.rng = createRng(options.seed);
  }

  /** Lists the pods once (their names, one template per namespace for the pods it creates). */
  async init(): Promise<void> {
    const list = (await this.request('GET', '/api/v1/pods')) as {
      items: (PodTemplate & { metadata: { namespace: string; name: string } })[];
    };
    this.pods = list.items.flatMap((p) => {
      if (p.metadata.name.startsWith('bench-')) return []; // created by an earlier churn
      if (!this.templates.has(p.metadata.namespace)) {
        this.templates.set(p.metadata.namespace, { metadata: p.metadata, spec: p.spec, status: p.status });
      }
      const restarts = (p.status as { containerStatuses?: { restartCount?: number }[] } | undefined)
        ?.containerStatuses?.[0]?.restartCount;
      const rev = Number(p.metadata.labels?.['bench-rev'] ?? 0);
      return [{ namespace: p.metadata.namespace, name: p.metadata.name, restarts: restarts ?? 0, rev }];
    });
  }

  /** Writes at the configured rate for `durationMs`, then waits for the last writes to be answered. */
  async run(durationMs: number): Promise<void> {
    const interval = 1000 / this.options.ratePerSecond;
    const start = performance.now();
    for (let i = 0; performance.now() - start < durationMs; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const p = this.step().catch(() => void this.errors++);
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    }
    await Promise.all([...this.inFlight]);
  }

  private pickOp(): ChangeOp {
    let x = this.rng.next();
    for (const [op, p] of MIX) if ((x -= p) < 0) return op;
    return 'pod-status';
  }

  private async step(): Promise<void> {
    const op = this.pickOp();
    if (op === 'pod-status' || op === 'pod-label') return this.podUpdate(op);
    if (op === 'pod-create') return this.podCreate();
    if (op === 'pod-delete') return this.podDelete();
    return op === 'vs-create' ? this.vsCreate() : this.vsDelete();
  }

  private async podUpdate(op: 'pod-status' | 'pod-label'): Promise<void> {
    const pod = this.rng.pick(this.pods);
    const key = `${pod.namespace}/${pod.name}`;
    if (this.busy.has(key)) return; // one write per pod at a time keeps the values monotone
    this.busy.add(key);
    try {
      const path = `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`;
      if (op === 'pod-status') {
        const value = ++pod.restarts;
        await this.write(
          { op, namespace: pod.namespace, name: pod.name, value },
          'PATCH',
          path,
          [{ op: 'replace', path: '/status/containerStatuses/0/restartCount', value }],
          'application/json-patch+json',
        );
      } else {
        const value = ++pod.rev;
        await this.write(
          { op, namespace: pod.namespace, name: pod.name, value },
          'PATCH',
          path,
          { metadata: { labels: { 'bench-rev': String(value) } } },
          'application/merge-patch+json',
        );
      }
    } finally {
      this.busy.delete(key);
    }
  }

  private async podCreate(): Promise<void> {
    const namespace = this.rng.pick([...this.templates.keys()]);
    const t = this.templates.get(namespace)!;
    const name = `bench-${this.options.tag}-pod-${++this.serial}`;
    await this.write({ op: 'pod-create', namespace, name }, 'POST', `/api/v1/namespaces/${namespace}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: t.metadata.labels, ownerReferences: t.metadata.ownerReferences },
      spec: t.spec,
      status: t.status,
    });
    this.created.push({ namespace, name, restarts: 0, rev: 0 });
  }

  private async podDelete(): Promise<void> {
    // the oldest pod this churn created (the seed's pods stay), once there are enough that each lives
    // several seconds: a pod deleted before an observer refreshed would never have been visible
    if (this.created.length < MIN_LIVE_OBJECTS) return this.podCreate();
    const pod = this.created.shift()!;
    await this.write(
      { op: 'pod-delete', namespace: pod.namespace, name: pod.name },
      'DELETE',
      `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`,
    );
  }

  private async vsCreate(): Promise<void> {
    const namespace = this.rng.pick([...this.templates.keys()]);
    const name = `bench-${this.options.tag}-vs-${++this.serial}`;
    const host = this.templates.get(namespace)!.metadata.labels?.app ?? 'reviews';
    await this.write(
      { op: 'vs-create', namespace, name },
      'POST',
      `/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices`,
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace },
        spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] },
      },
    );
    this.virtualServices.push({ namespace, name });
  }

  private async vsDelete(): Promise<void> {
    if (this.virtualServices.length < MIN_LIVE_OBJECTS / 3) return this.vsCreate();
    const vs = this.virtualServices.shift()!;
    await this.write(
      { op: 'vs-delete', namespace: vs.namespace, name: vs.name },
      'DELETE',
      `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtualservices/${vs.name}`,
    );
  }

  private async write(
    what: Omit<ChangeRecord, 'id' | 'sentAt'>,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<void> {
    const record: ChangeRecord = { ...what, id: ++this.id, sentAt: wallClock() };
    this.options.report(record);
    try {
      await this.request(method, path, body, contentType);
    } catch (e) {
      this.options.report({ ...record, failed: true });
      throw e;
    }
    this.writeMs.push(wallClock() - record.sentAt);
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<unknown> {
    const res = await fetch(`${this.options.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  }
}
