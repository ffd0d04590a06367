// The Kubernetes API emulator for the e2e run: a child process (scripts/emulator.mjs) on a free
// loopback port with the bookinfo seed; its kubeconfig becomes the VS Code server's KUBECONFIG, so the
// extension connects to it exactly as to a real cluster. Stopped by PID.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 60_000;

export async function startEmulator({ repoRoot, dir, logFile }) {
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'scripts', 'emulator.mjs'),
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
      '--seed',
      'bookinfo',
      '--bookmark-ms',
      '5000',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the emulator did not print ready in time')),
      READY_TIMEOUT_MS,
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with ${code} before it was ready`));
    });
  });
  const config = readFileSync(kubeconfig, 'utf8');
  const server = /server:\s*(\S+)/.exec(config)?.[1];
  const token = /token:\s*(\S+)/.exec(config)?.[1];
  return {
    kubeconfig,
    pid: child.pid,
    /** GET a path of the emulated API server as its admin (what the extension changed, seen from outside). */
    async get(path) {
      const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      return res.json();
    },
    killNow() {
      if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
        }, 3_000);
        child.on('exit', () => {
          clearTimeout(timer);
          log.end();
          resolve();
        });
        process.kill(child.pid, 'SIGTERM');
      });
    },
  };
}
