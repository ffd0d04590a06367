/**
 * ELK layout engines running in Web Workers, so layouts run off the UI thread (the canvas stays
 * responsive) and in parallel. The worker script is elkjs's own, inlined as text and started from a blob
 * URL: webview resources are served from another origin, which a worker script may not come from.
 * The page's CSP must allow `worker-src blob:`.
 */
import ElkConstructor, { type ELK } from 'elkjs/lib/elk-api.js';
import workerSource from 'elk-worker-source';

let pool: ELK[] | undefined;
let workerUrl: string | undefined;

/**
 * Number of workers: two when the machine has the cores for them besides the UI thread and the editor
 * (on two cores a second worker only competes with the first).
 */
function poolSize(): number {
  return (navigator.hardwareConcurrency ?? 2) >= 4 ? 2 : 1;
}

/**
 * Start the engines now and lay out a tiny graph in each, so the worker script is compiled and warm
 * by the time the first graph arrives (the extension queries telemetry meanwhile).
 */
export function warmUp(): void {
  for (const elk of elkPool()) {
    void elk
      .layout({
        id: 'warm-up',
        layoutOptions: { 'elk.algorithm': 'layered' },
        children: [
          { id: 'a', width: 10, height: 10 },
          { id: 'b', width: 10, height: 10 },
        ],
        edges: [{ id: 'e', sources: ['a'], targets: ['b'] }],
      })
      .catch(() => undefined);
  }
}

/** The engines, started on first use and kept for the page's lifetime. */
export function elkPool(): ELK[] {
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
