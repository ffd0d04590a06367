/**
 * Reads a log body chunk by chunk. A Node readable (what undici's `request` answers) is read in flowing
 * mode through its `data` events: `for await` over it costs a promise, an iterator result and a tick per
 * chunk, and a followed log delivers a chunk per line. Any other async iterable (tests' fakes) is iterated.
 */

/** The part of a Node readable stream this reader uses. */
interface EventReadable {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  readableEnded?: boolean;
}

const isEventReadable = (body: unknown): body is EventReadable =>
  typeof (body as { on?: unknown }).on === 'function' &&
  typeof (body as { pipe?: unknown }).pipe === 'function';

/**
 * Calls `onChunk` for each chunk; resolves when the body ends, rejects when it fails or is destroyed
 * before its end (an aborted request).
 */
export function readBody(
  body: AsyncIterable<Uint8Array>,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  if (!isEventReadable(body)) return iterate(body, onChunk);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err === undefined) resolve();
      else reject(err);
    };
    body.on('error', (err) => settle(err ?? new Error('log stream failed')));
    body.on('end', () => settle());
    body.on('close', () => {
      if (!body.readableEnded) settle(new Error('log stream closed before its end'));
    });
    body.on('data', (chunk) => {
      if (!settled) onChunk(chunk);
    });
  });
}

async function iterate(body: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  for await (const chunk of body) onChunk(chunk);
}
