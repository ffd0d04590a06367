// The demo's cluster side: the traffic simulator with its own Prometheus (when the `prometheus` and
// `promtool` binaries exist) and the Kubernetes API emulator with the bookinfo mesh, whose service
// proxy for istio-system/prometheus:9090 forwards to that Prometheus (how the extension finds it with
// no setting). Without Prometheus the proxy answers 503 and the graph is config-only, with a notice.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startChild } from './processes.mjs';

/** The canary in progress (reviews: v1 90% / v3 10% in the seed) misbehaves: 20% errors, slow p99. */
export const SIMULATOR_FAULTS = ['--error', 'reviews-v3=0.2', '--latency', 'reviews-v3=60/900'];

/** Why there is no Prometheus in the demo, or undefined when both binaries run. */
export function prometheusMissing() {
  for (const bin of ['prometheus', 'promtool']) {
    const r = spawnSync(bin, ['--version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `\`${bin}\` not found (Debian package prometheus)`;
  }
  return undefined;
}

/** Starts the simulator + Prometheus; resolves with the Prometheus URL. */
export async function startSimulator({ repoRoot, dirs, env, onSpawn }) {
  const { child, ready } = startChild({
    name: 'traffic simulator',
    command: join(repoRoot, 'node_modules', '.bin', 'tsx'),
    args: [
      'test/telemetry/simulator-cli.ts',
      '--prometheus',
      ...SIMULATOR_FAULTS,
      '--parent-pid',
      String(process.pid),
    ],
    cwd: repoRoot,
    env,
    ready: /^ready (\S+) prometheus (\S+)/,
    logFile: join(dirs.logs, 'simulator.log'),
  });
  onSpawn(child);
  const match = await ready;
  return { child, metricsUrl: match[1], prometheusUrl: match[2] };
}

/** Starts the emulator (bookinfo seed) writing its kubeconfig into the sandbox. */
export async function startCluster({ repoRoot, dirs, env, prometheusUrl, onSpawn }) {
  const kubeconfig = join(dirs.root, 'kubeconfig');
  const args = [
    'scripts/emulator.mjs',
    '--port',
    '0',
    '--kubeconfig-out',
    kubeconfig,
    '--seed',
    'bookinfo',
    '--log-interval-ms',
    '1000',
  ];
  if (prometheusUrl) args.push('--proxy', `istio-system/prometheus:9090=${prometheusUrl}`);
  const { child, ready } = startChild({
    name: 'Kubernetes API emulator',
    command: process.execPath,
    args,
    cwd: repoRoot,
    env,
    ready: /^ready$/,
    logFile: join(dirs.logs, 'emulator.log'),
  });
  onSpawn(child);
  await ready;
  return { child, kubeconfig };
}
