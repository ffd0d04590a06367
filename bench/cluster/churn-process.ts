/**
 * The churn driver in a child process (forked by {@link startChurnProcess}), so the benchmark process's
 * CPU time is the observer's alone. Messages from the parent: `{ prepare: tag }` (list the pods, before
 * the measured window), `{ run: durationMs }`; to the parent: `{ ready }`, `{ prepared }`, each
 * `{ record }` and `{ done: { errors, writeMs } }` after a run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { ChangeRecord } from './change-tracker';
import { Churn } from './churn';

export interface ChurnRunSummary {
  errors: number;
  /** HTTP round trips of the writes (ms) */
  writeMs: number[];
}

type ToChild = { prepare: string } | { run: number };
type FromChild =
  | { ready: true }
  | { prepared: true }
  | { record: ChangeRecord }
  | { done: ChurnRunSummary }
  | { error: string };

export interface ChurnProcess {
  /** A new churn (objects it creates are named with `tag`): lists the cluster's pods. */
  prepare(tag: string): Promise<void>;
  /** Churns for `durationMs`; `onRecord` gets every write as it is sent. */
  run(durationMs: number, onRecord: (r: ChangeRecord) => void): Promise<ChurnRunSummary>;
  stop(): Promise<void>;
}

export async function startChurnProcess(options: {
  url: string;
  token: string;
  ratePerSecond: number;
  seed: number;
}): Promise<ChurnProcess> {
  // execArgv is inherited: the child runs under the same TypeScript loader (tsx) as this process
  const child: ChildProcess = fork(__filename, [JSON.stringify(options)], { stdio: 'inherit' });
  let onMessage: (m: FromChild) => void = () => {};
  child.on('message', (m: FromChild) => onMessage(m));
  await new Promise<void>((resolve, reject) => {
    onMessage = (m) => ('ready' in m ? resolve() : 'error' in m && reject(new Error(m.error)));
    child.once('exit', (code) => reject(new Error(`churn process exited (${code})`)));
  });
  return {
    prepare: (tag) =>
      new Promise((resolve, reject) => {
        onMessage = (m) => ('prepared' in m ? resolve() : 'error' in m && reject(new Error(m.error)));
        child.send({ prepare: tag } satisfies ToChild);
      }),
    run: (durationMs, onRecord) =>
      new Promise((resolve, reject) => {
        onMessage = (m) => {
          if ('record' in m) onRecord(m.record);
          else if ('done' in m) resolve(m.done);
          else if ('error' in m) reject(new Error(m.error));
        };
        child.send({ run: durationMs } satisfies ToChild);
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // this child only, by its own handle (pid)
      await exited;
    },
  };
}

/** The child's side: a Churn per `prepare`, its records relayed to the parent. */
function serve(): void {
  const options = JSON.parse(process.argv[2]!) as Parameters<typeof startChurnProcess>[0];
  const send = (m: FromChild) => process.send!(m);
  const fail = (e: unknown) => send({ error: String((e as Error)?.stack ?? e) });
  let churn: Churn | undefined;
  process.on('message', (m: ToChild) => {
    if ('prepare' in m) {
      churn = new Churn({ ...options, tag: m.prepare, report: (record) => send({ record }) });
      churn.init().then(() => send({ prepared: true }), fail);
    } else if (churn) {
      const c = churn;
      c.run(m.run).then(() => send({ done: { errors: c.errors, writeMs: c.writeMs } }), fail);
    } else fail(new Error('run before prepare'));
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}

if (process.send && require.main === module) serve();
