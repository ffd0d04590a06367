// The demo's child processes: each in its own process group (so whatever it starts goes with it),
// its output in a log file, ready when a line matches, stopped by PID (SIGTERM, then SIGKILL).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * A started child. `exited` resolves with `{code, signal}`; `stop()` ends the whole group and resolves
 * once the child is gone; `expected` is set once the demo itself asked it to stop.
 * @typedef {{name: string, pid: number, exited: Promise<{code: number|null, signal: string|null}>,
 *   alive: () => boolean, stop: () => Promise<void>, killNow: () => void, stopping: boolean}} Child
 */

/**
 * Starts `command args` and returns the child at once (so a Ctrl+C during start-up can stop it) with
 * `ready`: resolves with the first line of its stdout matching `ready` (a RegExp), rejects (after
 * stopping the child) when it exits first or `timeoutMs` passes.
 * @returns {{child: Child, ready: Promise<RegExpExecArray>}}
 */
export function startChild({ name, command, args, env, cwd, ready, logFile, timeoutMs = 120_000 }) {
  const proc = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  let exitInfo;
  const exited = new Promise((resolve) => {
    proc.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    proc.once('error', (error) => {
      log.write(`[demo] cannot start ${command}: ${error.message}\n`);
      exitInfo = { code: 127, signal: null };
      resolve(exitInfo);
    });
  });
  const child = {
    name,
    pid: proc.pid,
    exited,
    stopping: false,
    alive: () => !exitInfo,
    killNow: () => signalGroup(proc.pid, 'SIGKILL'),
    async stop() {
      child.stopping = true;
      if (!exitInfo) {
        signalGroup(proc.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(proc.pid, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      signalGroup(proc.pid, 'SIGKILL'); // whatever it left in its group
    },
  };
  exited.then(() => log.end());
  proc.stderr.pipe(log, { end: false });
  const readyPromise = new Promise((resolve, reject) => {
    let buffer = '';
    let done = false;
    const fail = (message) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void child.stop().then(() => reject(new Error(`${name}: ${message}; see ${logFile}`)));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs / 1000} s`), timeoutMs);
    proc.stdout.on('data', (chunk) => {
      if (!log.writableEnded) log.write(chunk);
      if (done) return;
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        const match = ready.exec(line);
        if (match) {
          done = true;
          clearTimeout(timer);
          resolve(match);
          return;
        }
      }
    });
    void exited.then((info) => fail(`exited before it was ready (${describeExit(info)})`));
  });
  readyPromise.catch(() => undefined); // the caller awaits it; never an unhandled rejection
  return { child, ready: readyPromise };
}

/** Runs a command to completion (output to the log file); rejects naming it when it fails. */
export function runToEnd({ name, command, args, env, cwd, logFile }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    const proc = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.pipe(log, { end: false });
    proc.stderr.pipe(log, { end: false });
    proc.once('error', (error) => reject(new Error(`${name}: ${error.message}`)));
    proc.once('exit', (code, signal) => {
      log.end();
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${describeExit({ code, signal })}); see ${logFile}`));
    });
  });
}

export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
