/**
 * ELK layout engines running in Web Workers, so layouts run off the UI thread (the canvas stays
 * responsive) and in parallel. The worker script is elkjs's own, inlined as text and started from a blob
 * URL: webview resources are served from another origin, which a worker script may not come from.
 * The page's CSP must allow `worker-src blob:`.
 */
import ElkConstructor, { type ELK } from 'elkjs/lib/elk-api.js';
import workerSource from 'elk-worker-source';
import { warmUpGraph } from './elk-warmup';

/** Layouts of the warm-up graph per engine: ELK's code is optimised after a few (~100 ms each). */
const WARM_UP_ROUNDS = 4;

let pool: ELK[] | undefined;
let workerUrl: string | undefined;
/** a real layout was asked for: the warm-up stops */
let inUse = false;

/**
 * Number of workers: two when the machine has the cores for them besides the UI thread and the editor
 * (on two cores a second worker only competes with the first).
 */
function poolSize(): number {
  return (navigator.hardwareConcurrency ?? 2) >= 4 ? 2 : 1;
}

/**
 * Start the engines now and lay out a namespace-sized graph in each, a few times, so the worker script
 * is compiled and optimised by the time the first graph arrives (the extension queries telemetry
 * meanwhile). One round at a time, and none once a real layout was asked for: a graph that arrives early
 * waits for one round at most.
 */
export function warmUp(): void {
  for (const elk of engines()) {
    void (async () => {
      for (let round = 0; round < WARM_UP_ROUNDS && !inUse; round++) {
        await elk.layout(warmUpGraph());
      }
    })().catch(() => undefined);
  }
}

/** The engines for a real layout (ends the warm-up). */
export function elkPool(): ELK[] {
  inUse = true;
  return engines();
}

/** The engines, started on first use and kept for the page's lifetime. */
function engines(): ELK[] {
  if (!pool) {
    workerUrl ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const url = workerUrl;
    pool = Array.from(
      { length: poolSize() },
      () => new ElkConstructor({ workerUrl: url, algorithms: ['layered'] }),
    );
  }
  return pool;
}
