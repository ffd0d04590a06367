/**
 * Test-only {@link ResourceTransport} over Node `http`: list with GET <collection>, watch with
 * `?watch=true&allowWatchBookmarks=true&resourceVersion=RV` reading newline-delimited JSON events.
 */
import * as http from 'node:http';
import {
  TransportError,
  type KubeObject,
  type ListResult,
  type ResourceTransport,
  type WatchEvent,
} from '../../client/src/cluster/transport';

export interface HttpTransportOptions {
  /** API server base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** collection path, e.g. /api/v1/namespaces/bookinfo/pods */
  path: string;
  token?: string;
}

/** Open a GET request; resolves with the response once headers arrive, rejects with TransportError. */
function get(opts: HttpTransportOptions, query: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const req = http.get(
      `${opts.url}${opts.path}${query}`,
      {
        headers: {
          Accept: 'application/json',
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
        },
      },
      async (res) => {
        if ((res.statusCode ?? 0) < 300) return resolve(res);
        const body = await readAll(res).catch(() => '');
        let st: { message?: string; reason?: string } = {};
        try {
          st = JSON.parse(body) as typeof st;
        } catch {
          /* not a Status */
        }
        reject(
          new TransportError(st.message ?? `HTTP ${res.statusCode}`, {
            status: res.statusCode,
            reason: st.reason,
          }),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => reject(wrap(e, signal)));
    // not http's `signal` option: aborting from inside a stream callback must not tear the stream down
    // synchronously, so destroy on the next turn
    const onAbort = () => setImmediate(() => req.destroy());
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
  });
}

function wrap(e: NodeJS.ErrnoException, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  return new TransportError(e.message, { code: e.code });
}

/** The whole body; a connection lost before its end rejects (with the abort reason when aborted). */
function readAll(res: http.IncomingMessage, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (text += c));
    res.on('end', () => resolve(text));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete)
        reject(
          signal?.aborted ? signal.reason : new TransportError('connection lost', { code: 'ECONNRESET' }),
        );
    });
  });
}

export function httpTransport(opts: HttpTransportOptions): ResourceTransport {
  return {
    async list(signal) {
      const res = await get(opts, '', signal);
      const body = JSON.parse(await readAll(res, signal)) as {
        items: KubeObject[];
        metadata: { resourceVersion: string };
      };
      return { items: body.items, resourceVersion: body.metadata.resourceVersion } satisfies ListResult;
    },

    async watch(resourceVersion, onEvent, signal) {
      const q = `?watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`;
      const res = await get(opts, q, signal);
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onEvent(JSON.parse(line) as WatchEvent);
          }
        });
        res.on('end', () => resolve());
        // a connection closed before the end of the chunked body (server restart) is a network error
        res.on('error', (e: NodeJS.ErrnoException) => reject(wrap(e, signal)));
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        res.on('close', () => {
          if (!res.complete)
            reject(
              signal.aborted
                ? signal.reason
                : new TransportError('watch connection lost', { code: 'ECONNRESET' }),
            );
        });
      });
    },
  };
}
