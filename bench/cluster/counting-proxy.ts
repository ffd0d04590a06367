/**
 * A TCP relay in front of the emulator that counts the bytes each way and the connections opened, so the
 * watch-based client and the polling peer are measured the same way (HTTP headers included).
 */
import * as net from 'node:net';

export interface ByteCounts {
  /** server → client */
  down: number;
  /** client → server */
  up: number;
  connections: number;
}

export interface CountingProxy {
  url: string;
  counts(): ByteCounts;
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const { hostname, port } = new URL(target);
  const counts: ByteCounts = { down: 0, up: 0, connections: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    counts.connections++;
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => (counts.up += d.length));
    upstream.on('data', (d: Buffer) => (counts.down += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
