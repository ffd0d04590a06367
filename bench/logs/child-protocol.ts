/** What the benchmark passes to its Meshwright process (meshwright-child.ts) and how it answers. */

/** starts the result's line on stdout (V8 tracing flags may write there too) */
export const RESULT_PREFIX = 'meshwright-bench-result ';

export interface ChildOptions {
  kubeconfig: string;
  emulatorUrl: string;
  namespace: string;
  selector: string;
  maxStreams: number;
  durationMs: number;
  bufferLines?: number;
  /** the delivery check's schedule (see DeliveryCheck) */
  liveAfterMs: number;
  intervalMs: number;
  initialLines: number;
}
