/**
 * A real Prometheus for the telemetry tests (Debian package `prometheus`): backfilled from OpenMetrics
 * with promtool before it starts (exact data, no waiting for scrapes) and/or scraping loopback targets;
 * loopback only, a free port, a temporary directory, stopped by PID. A watchdog process stops it if the
 * test process dies without cleaning up.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why the suite must skip, or undefined when prometheus and promtool are installed. */
export function prometheusMissing(): string | undefined {
  for (const bin of ['prometheus', 'promtool']) {
    const r = spawnSync(bin, ['--version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return 'prometheus not installed (Debian package prometheus)';
  }
  return undefined;
}

/** A free loopback port (bound and released; Prometheus cannot report the port of `:0`). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return port;
}

export interface PrometheusOptions {
  /** OpenMetrics file to backfill before the start */
  openMetrics?: string;
  /** `host:port` targets scraped at `/metrics` */
  scrapeTargets?: string[];
  scrapeIntervalS?: number;
}

export interface PrometheusProcess {
  url: string;
  port: number;
  pid: number;
  dir: string;
  /** stop the server (SIGTERM, then SIGKILL after 5 s), keeping its data */
  stop(): Promise<void>;
  /** start it again on the same port and data (after `stop`) */
  start(): Promise<void>;
  /** stop it and delete its directory */
  dispose(): Promise<void>;
}

const WATCHDOG = `
const [parent, child] = process.argv.slice(1).map(Number);
setInterval(() => {
  try { process.kill(parent, 0); } catch { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }
  try { process.kill(child, 0); } catch { process.exit(0); }
}, 500);`;

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log()}`);
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`prometheus not ready after 20 s: ${log()}`);
}

/** Backfills (when asked), starts Prometheus and waits until it is ready. */
export async function startPrometheus(o: PrometheusOptions = {}): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'meshwright-prom-'));
  const data = join(dir, 'data');
  if (o.openMetrics) {
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', o.openMetrics, data], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`promtool failed (${r.status}): ${r.stderr || r.stdout}`);
  }
  const interval = o.scrapeIntervalS ?? 1;
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  evaluation_interval: ${interval}s`,
    'scrape_configs:',
    ...(o.scrapeTargets?.length
      ? [
          '  - job_name: simulator',
          '    static_configs:',
          `      - targets: [${o.scrapeTargets.map((t) => `'${t}'`).join(', ')}]`,
        ]
      : []),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    output = '';
    child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${data}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=30d',
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(child.pid)], {
      stdio: 'ignore',
    });
    watchdog.unref();
    await waitReady(url, child, () => output);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = once(c, 'exit');
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (watchdog?.exitCode === null) watchdog.kill();
    watchdog = undefined;
  };
  await start();
  return {
    url,
    port,
    get pid() {
      return child?.pid ?? -1;
    },
    dir,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
