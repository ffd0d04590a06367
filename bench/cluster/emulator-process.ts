/**
 * The API emulator (`scripts/emulator.mjs`, seed `large`) in a child process, so the benchmark process
 * holds only the client side and its CPU time and memory are the client's. Admin endpoints
 * (`/__emulator/state`, `reset-watch-peaks`) give the server's view of requests and open watches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TrafficSnapshot } from '../../test/emulator/traffic';

export interface EmulatorState {
  resourceVersion: number;
  openStreams: number;
  traffic: TrafficSnapshot;
}

export interface EmulatorProcess {
  url: string;
  adminToken: string;
  /** the kubeconfig text the emulator wrote (server = {@link url}) */
  kubeconfig: string;
  state(): Promise<EmulatorState>;
  admin(action: string): Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, '../../scripts/emulator.mjs');

export async function startEmulatorProcess(kubeconfigFile: string): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [SCRIPT, '--port', '0', '--kubeconfig-out', kubeconfigFile, '--seed', 'large'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/^ready$/m.test(stdout)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before ready: ${stderr}`)));
      setTimeout(() => reject(new Error(`emulator not ready after 30 s: ${stderr}`)), 30_000).unref();
    });
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  const kubeconfig = readFileSync(kubeconfigFile, 'utf8');
  const url = /server: (\S+)/.exec(kubeconfig)?.[1];
  const adminToken = /token: (\S+)/.exec(kubeconfig)?.[1];
  if (!url || !adminToken) throw new Error(`no server or token in ${kubeconfigFile}`);

  const call = async (method: string, action: string): Promise<unknown> => {
    const res = await fetch(`${url}/__emulator/${action}`, { method });
    if (!res.ok) throw new Error(`emulator ${action}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    url,
    adminToken,
    kubeconfig,
    state: async () => (await call('GET', 'state')) as EmulatorState,
    admin: async (action) => void (await call('POST', action)),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // this child only, by its own handle (pid)
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
