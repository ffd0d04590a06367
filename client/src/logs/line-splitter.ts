/**
 * Bytes of a log stream into complete lines: UTF-8 decoded across chunk boundaries, split at `\n`
 * (a `\r` before it dropped). An incomplete last line is held until its newline arrives, or taken with
 * {@link LineSplitter.rest} when the stream ended for good.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  /** Calls `onLine` with each complete line in `chunk` (after what was held), without an array per chunk. */
  forEachLine(chunk: Uint8Array, onLine: (line: string) => void): void {
    const decoded = this.decoder.decode(chunk, { stream: true });
    const text = this.partial ? this.partial + decoded : decoded;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 /* \r */ ? nl - 1 : nl;
      onLine(text.slice(start, end));
      start = nl + 1;
    }
    this.partial = start === 0 ? text : text.slice(start);
  }

  /** The held incomplete line ('' when none), clearing it. */
  rest(): string {
    const r = this.partial + this.decoder.decode();
    this.partial = '';
    return r;
  }
}
