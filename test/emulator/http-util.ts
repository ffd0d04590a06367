/** HTTP helpers shared by the emulator's handlers, and the state they work on. */
import type * as http from 'node:http';
import type { Faults } from './faults';
import type { Logs } from './logs';
import type { ResourceType } from './resources';
import { fail } from './status';
import type { Store } from './store';

export type Req = http.IncomingMessage;
export type Res = http.ServerResponse;

export function send(res: Res, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function readBody(req: Req): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    return fail(400, `couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export const truthy = (v: string | null) => v === 'true' || v === '1';

export interface Route {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  sub?: string;
  rest: string[];
}

/** What the request handlers share: the store, fault hooks, log generators, proxy upstreams. */
export interface EmulatorState {
  store: Store;
  faults: Faults;
  logs: Logs;
  proxies: Map<string, string>;
  bookmarkMs: number;
}
