/**
 * Publishes each file's diagnostics (schema checks + mesh analysis) and only what changed: a file whose
 * diagnostics are the same as last time is not sent again; a file that lost them all is cleared.
 */
import type { Diagnostic } from 'vscode-languageserver-types';

export type Send = (uri: string, diagnostics: Diagnostic[], version?: number) => void;

export class DiagnosticsPublisher {
  private readonly last = new Map<string, string>();

  constructor(private readonly send: Send) {}

  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    // A new version of an open document is always answered, so the client knows it was checked.
    const key = `${version ?? ''}:${JSON.stringify(diagnostics)}`;
    if (this.last.get(uri) === key) return;
    this.last.set(uri, key);
    this.send(uri, diagnostics, version);
  }

  /** Clears every published file not in `keep`. */
  clearOthers(keep: ReadonlySet<string>): void {
    for (const uri of [...this.last.keys()]) {
      if (!keep.has(uri)) this.clear(uri);
    }
  }

  clear(uri: string): void {
    if (!this.last.has(uri)) return;
    this.last.delete(uri);
    this.send(uri, []);
  }
}
