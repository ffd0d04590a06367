// The VS Code server bundled in code-server (server-main.js), started directly so that
// --enable-smoke-test-driver is accepted; one process group, stopped by its PID.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

const READY_TIMEOUT_MS = 60_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function startVscodeServer({ install, dirs, env, logFile, echo }) {
  const port = await freePort();
  const args = [
    install.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--enable-smoke-test-driver',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--user-data-dir',
    dirs['user-data'],
    '--server-data-dir',
    dirs['server-data'],
    '--extensions-dir',
    dirs.extensions,
  ];
  const child = spawn(install.node, args, {
    env,
    cwd: dirs.root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      if (!log.writableEnded) log.write(chunk);
      if (echo) process.stdout.write(`[server] ${chunk}`);
    });
  }
  let exitInfo;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      log.end();
      resolve(exitInfo);
    });
  });

  const server = {
    pid: child.pid,
    port,
    origin: `http://127.0.0.1:${port}`,
    exited,
    /** Synchronous last resort for process 'exit' handlers. */
    killNow() {
      if (!exitInfo) signalGroup(child.pid, 'SIGKILL');
    },
    async stop() {
      if (exitInfo) return;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      signalGroup(child.pid, 'SIGKILL'); // children left in the group (extension host, pty host)
    },
  };
  try {
    await waitUntilServing(server, () => exitInfo, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilServing(server, exitInfo, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitInfo()) {
      throw new Error(`VS Code server exited early (${JSON.stringify(exitInfo())}); see ${logFile}`);
    }
    try {
      const response = await fetch(server.origin, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`VS Code server not serving ${server.origin} after ${READY_TIMEOUT_MS} ms; see ${logFile}`);
}
