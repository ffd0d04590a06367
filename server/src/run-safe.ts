/**
 * Every LSP handler runs through here: a thrown error is logged and answered with a safe default, so
 * one bad document never takes the server down.
 */
import type { CancellationToken } from 'vscode-languageserver';

export type Log = (message: string) => void;

export function runSafe<T>(
  log: Log,
  label: string,
  fallback: T,
  token: CancellationToken | undefined,
  work: () => T,
): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    return work();
  } catch (err) {
    log(`${label} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return fallback;
  }
}
