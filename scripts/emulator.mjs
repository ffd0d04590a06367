#!/usr/bin/env node
// Standalone Kubernetes API emulator (test/emulator) for manual runs and external tools.
//   node scripts/emulator.mjs --port P --kubeconfig-out FILE [--seed bookinfo|large|empty] [--bookmark-ms N]
//   [--log-interval-ms N] (ms between the lines of every scripted pod log)
//   [--proxy NS/NAME[:PORT]=URL]… (the service proxy of that Service forwards to a loopback URL,
//   e.g. istio-system/prometheus:9090=http://127.0.0.1:9091 for a real Prometheus)
// Prints `ready` once listening; serves until SIGINT/SIGTERM. Faults: POST /__emulator/{drop-watches,
// restart,latency?ms=N,fail?count=N&code=C,reset,compact,reset-watch-peaks}, GET /__emulator/state (with
// requests per kind and the watch streams open, and their peak, per collection).
// Env: EMULATOR_LATENCY_MS, EMULATOR_FAIL_NEXT (count:code) set initial faults.
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'kubeconfig-out': { type: 'string' },
    seed: { type: 'string', default: 'bookinfo' },
    'bookmark-ms': { type: 'string', default: '30000' },
    'log-interval-ms': { type: 'string', default: '200' },
    proxy: { type: 'string', multiple: true, default: [] },
  },
});
const proxies = {};
for (const spec of values.proxy) {
  const at = spec.indexOf('=');
  if (at <= 0 || !/^https?:\/\//.test(spec.slice(at + 1))) {
    console.error(`--proxy takes NS/NAME[:PORT]=URL, not "${spec}"`);
    process.exit(2);
  }
  proxies[spec.slice(0, at)] = spec.slice(at + 1);
}
if (!['bookinfo', 'large', 'empty'].includes(values.seed)) {
  console.error(`unknown seed ${values.seed} (bookinfo, large, empty)`);
  process.exit(2);
}

const { startEmulator } = await tsImport('../test/emulator/index.ts', import.meta.url);
const emu = await startEmulator({
  seed: values.seed,
  port: Number(values.port),
  bookmarkIntervalMs: Number(values['bookmark-ms']),
  logIntervalMs: Number(values['log-interval-ms']),
  proxies,
});
if (process.env.EMULATOR_LATENCY_MS) emu.faults.addLatency(Number(process.env.EMULATOR_LATENCY_MS));
if (process.env.EMULATOR_FAIL_NEXT) {
  const [count, code] = process.env.EMULATOR_FAIL_NEXT.split(':').map(Number);
  emu.faults.failNext(count, code || 500);
}
if (values['kubeconfig-out']) emu.kubeconfig(values['kubeconfig-out']);
console.error(`emulator listening on ${emu.url} (admin token ${emu.adminToken})`);
console.log('ready');

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await emu.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
