/**
 * The API emulator in a child process (`scripts/emulator.mjs --seed empty --log-interval-ms N`), so the
 * benchmark process holds only the client; `createPods` adds a namespace of N single-container pods
 * whose scripted logs (`line <n> from <pod>/app`, one every N ms) start when they are created.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface LogEmulator {
  url: string;
  token: string;
  pid: number;
  createPods(namespace: string, count: number, app: string): Promise<string[]>;
  admin(action: string): Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, '../../scripts/emulator.mjs');

/** An admin action of the emulator at `url` (e.g. `drop-watches`). */
export async function emulatorAdmin(url: string, action: string): Promise<void> {
  const res = await fetch(`${url}/__emulator/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`emulator ${action}: HTTP ${res.status}`);
}

export async function startLogEmulator(kubeconfigFile: string, logIntervalMs: number): Promise<LogEmulator> {
  const child = spawn(
    process.execPath,
    [
      SCRIPT,
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfigFile,
      '--seed',
      'empty',
      '--log-interval-ms',
      String(logIntervalMs),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/^ready$/m.test(stdout)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before ready: ${stderr}`)));
  });
  const kubeconfig = readFileSync(kubeconfigFile, 'utf8');
  const url = /server: (\S+)/.exec(kubeconfig)![1]!;
  const token = /token: (\S+)/.exec(kubeconfig)![1]!;
  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${url}${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${p}: HTTP ${res.status} ${await res.text()}`);
  };
  return {
    url,
    token,
    pid: child.pid!,
    async createPods(namespace, count, app) {
      await post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = `${app}-${String(i).padStart(3, '0')}`;
        names.push(name);
        await post(`/api/v1/namespaces/${namespace}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace, labels: { app } },
          spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
          status: {
            phase: 'Running',
            containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
          },
        });
      }
      return names;
    },
    admin: (action) => emulatorAdmin(url, action),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // this child only, by its own handle
      await exited;
    },
  };
}
