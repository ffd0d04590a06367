/**
 * Bytes of a log stream into complete lines: UTF-8 decoded across chunk boundaries, split at `\n`
 * (a `\r` before it dropped). An incomplete last line is held until its newline arrives, or taken with
 * {@link LineSplitter.rest} when the stream ended for good.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  /** The complete lines in `chunk` (after what was held). */
  push(chunk: Uint8Array): string[] {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop()!;
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  /** The held incomplete line ('' when none), clearing it. */
  rest(): string {
    const r = this.partial + this.decoder.decode();
    this.partial = '';
    return r;
  }
}
