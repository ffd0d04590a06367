/**
 * The HTTP front: the verbs on resources, discovery and the admin endpoints, dispatching to the handlers
 * (lists, watch, logs, proxy, scale), routes.ts and authz.ts.
 */
import * as http from 'node:http';
import { writeFileSync } from 'node:fs';
import { Faults } from './faults';
import { Logs } from './logs';
import { openapiDocument, openapiIndex } from './openapi';
import { jsonPatch, mergePatch } from './patch';
import { apiGroups, resourceList } from './resources';
import { applySeed, type SeedName } from './seeds';
import { decodeProtobuf, PROTOBUF } from './protobuf';
import { ApiError, fail, invalid, status } from './status';
import { Store, type KObject } from './store';
import { toTable, wantsTable } from './table';
import { Traffic } from './traffic';
import {
  parseJson,
  readBody,
  send,
  truthy,
  type EmulatorState,
  type Req,
  type Res,
  type Route,
} from './http-util';
import { makeAuthorizer, type TokenRule } from './authz';
import { handleList, listMeta } from './list-handler';
import { handleLog } from './log-handler';
import { checkKind, deleteOptions } from './request-bodies';
import { route } from './routes';
import { handleScale } from './scale-handler';
import { handleProxy } from './proxy-handler';
import { handleWatch } from './watch-handler';

export type { TokenRule };

export interface EmulatorOptions {
  seed?: SeedName;
  bookmarkIntervalMs?: number;
  /** token → 'admin' or rules; an admin token is always added */
  tokens?: Record<string, 'admin' | TokenRule[]>;
  adminToken?: string;
  /**
   * Rights of requests without a bearer token. kubectl (client-go) does not send tokens to a plain-http
   * server, so the default is 'admin' (like the old insecure port); 'deny' answers 401.
   */
  anonymous?: 'admin' | 'deny' | TokenRule[];
  port?: number;
  historySize?: number;
  logIntervalMs?: number;
  /** `namespace/service` or `namespace/service:port` → `http://127.0.0.1:P` */
  proxies?: Record<string, string>;
}

export interface Emulator {
  url: string;
  port: number;
  adminToken: string;
  store: Store;
  faults: Faults;
  /** requests served and watch streams open per collection */
  traffic: Traffic;
  logs: Logs;
  proxies: Map<string, string>;
  tokens: Map<string, 'admin' | TokenRule[]>;
  kubeconfig(path: string, opts?: { token?: string; namespace?: string }): string;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const store = new Store(options.historySize ?? 1000);
  applySeed(store, options.seed ?? 'bookinfo');
  const faults = new Faults();
  const traffic = new Traffic();
  const logs = new Logs({ initialLines: 10, intervalMs: options.logIntervalMs ?? 200 });
  const adminToken = options.adminToken ?? 'emulator-admin-token';
  const tokens = new Map<string, 'admin' | TokenRule[]>(Object.entries(options.tokens ?? {}));
  tokens.set(adminToken, 'admin');
  const proxies = new Map(Object.entries(options.proxies ?? {}));
  const bookmarkMs = options.bookmarkIntervalMs ?? 30_000;
  const state: EmulatorState = { store, faults, logs, proxies, bookmarkMs };
  const authorize = makeAuthorizer(tokens, options.anonymous ?? 'admin');

  async function handleResource(
    req: Req,
    res: Res,
    r: Route,
    q: URLSearchParams,
    rawQuery: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const t = r.type;
    const dryRun = q.getAll('dryRun').includes('All');
    const details = (name?: string) => ({ ...(name ? { name } : {}), group: t.group, kind: t.resource });
    traffic.count(
      method !== 'GET' ? 'write' : truthy(q.get('watch')) ? 'watch' : r.name === undefined ? 'list' : 'get',
    );
    if (r.sub === 'log' && t.resource === 'pods' && method === 'GET') {
      authorize(req, 'get', 'pods/log', r.namespace, t.group);
      return handleLog(state, req, res, r, q);
    }
    if (r.sub === 'proxy' && t.resource === 'services') {
      authorize(
        req,
        { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? 'get',
        'services/proxy',
        r.namespace,
        '',
      );
      return handleProxy(state, req, res, r, rawQuery);
    }
    if (r.sub === 'scale' && ['deployments', 'replicasets', 'statefulsets'].includes(t.resource)) {
      return handleScale(state, authorize, req, res, r, q);
    }
    if (r.sub && r.sub !== 'status') fail(404, 'the server could not find the requested resource');
    if (r.name === undefined) {
      if (method === 'GET') {
        const watch = truthy(q.get('watch'));
        authorize(req, watch ? 'watch' : 'list', t.resource, r.namespace, t.group);
        return watch ? handleWatch(state, req, res, r, q, traffic) : handleList(state, req, res, r, q);
      }
      if (method === 'POST') {
        authorize(req, 'create', t.resource, r.namespace, t.group);
        const raw = await readBody(req);
        const isProto = (req.headers['content-type'] ?? '').startsWith(PROTOBUF);
        const body = (isProto ? decodeProtobuf(raw) : parseJson(raw)) as KObject;
        checkKind(t, body);
        const created = store.create(t, r.namespace, body, dryRun);
        return send(res, 201, Store.view(created, t, r.version));
      }
      return fail(
        405,
        `the server does not allow this method on the requested resource`,
        details(),
        'MethodNotAllowed',
      );
    }
    if (method === 'GET') {
      if (truthy(q.get('watch'))) {
        authorize(req, 'watch', t.resource, r.namespace, t.group);
        return handleWatch(state, req, res, r, q, traffic);
      }
      authorize(req, 'get', t.resource, r.namespace, t.group);
      const view = Store.view(store.get(t, r.namespace, r.name), t, r.version);
      if (wantsTable(req.headers.accept)) return send(res, 200, toTable(t, [view], listMeta(store)));
      return send(res, 200, view);
    }
    if (method === 'PUT') {
      authorize(req, 'update', t.resource, r.namespace, t.group);
      const body = parseJson(await readBody(req)) as KObject;
      checkKind(t, body);
      // Custom resources do not allow unconditional updates (the CRD strategy's AllowUnconditionalUpdate).
      if (t.custom && !body.metadata?.resourceVersion) {
        invalid(t.kind, t.group, r.name, [
          {
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0x0: must be specified for an update',
          },
        ]);
      }
      return send(res, 200, Store.view(store.update(t, r.namespace, r.name, body, dryRun), t, r.version));
    }
    if (method === 'PATCH') {
      authorize(req, 'patch', t.resource, r.namespace, t.group);
      const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim();
      const raw = await readBody(req);
      const current = Store.view(store.get(t, r.namespace, r.name), t, r.version);
      let patched: KObject;
      if (ctype === 'application/merge-patch+json') patched = mergePatch(current, parseJson(raw)) as KObject;
      else if (ctype === 'application/json-patch+json')
        patched = jsonPatch(current, parseJson(raw)) as KObject;
      else if (
        ctype === 'application/strategic-merge-patch+json' &&
        !t.custom &&
        t.group !== 'apiextensions.k8s.io'
      ) {
        patched = mergePatch(current, parseJson(raw)) as KObject;
      } else {
        const accepted = [
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/apply-patch+yaml',
        ];
        if (!t.custom) accepted.push('application/strategic-merge-patch+json');
        return fail(
          415,
          `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
          details(r.name),
          'UnsupportedMediaType',
        );
      }
      if (typeof patched !== 'object' || patched === null || Array.isArray(patched))
        fail(422, 'patch result is not an object');
      patched.metadata ??= {};
      return send(res, 200, Store.view(store.update(t, r.namespace, r.name, patched, dryRun), t, r.version));
    }
    if (method === 'DELETE') {
      authorize(req, 'delete', t.resource, r.namespace, t.group);
      const options = deleteOptions(await readBody(req));
      const deleted = store.delete(
        t,
        r.namespace,
        r.name,
        dryRun || (options.dryRun ?? []).includes('All'),
        options.preconditions ?? {},
      );
      return send(res, 200, Store.view(deleted, t, r.version));
    }
    return fail(
      405,
      'the server does not allow this method on the requested resource',
      details(r.name),
      'MethodNotAllowed',
    );
  }

  function discovery(req: Req, res: Res, path: string): boolean {
    if (path === '/version') {
      send(res, 200, {
        major: '1',
        minor: '33',
        gitVersion: 'v1.33.0-emulator',
        gitCommit: '0000000',
        gitTreeState: 'clean',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.24.0',
        compiler: 'gc',
        platform: 'linux/amd64',
        emulationMajor: '1',
        emulationMinor: '33',
      });
    } else if (path === '/api') {
      send(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: req.socket.localAddress + ':' + req.socket.localPort },
        ],
      });
    } else if (path === '/api/v1') {
      send(res, 200, resourceList('', 'v1'));
    } else if (path === '/apis') {
      send(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: apiGroups().map((g) => ({
          name: g.name,
          versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
        })),
      });
    } else {
      const m = path.match(/^\/apis\/([^/]+)(?:\/([^/]+))?$/);
      const g = m && apiGroups().find((x) => x.name === m[1]);
      if (!m || !g) return false;
      if (m[2] === undefined) {
        send(res, 200, {
          kind: 'APIGroup',
          apiVersion: 'v1',
          name: g.name,
          versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
        });
      } else if (g.versions.includes(m[2])) send(res, 200, resourceList(g.name, m[2]));
      else return false;
    }
    return true;
  }

  async function adminEndpoint(res: Res, path: string, q: URLSearchParams): Promise<void> {
    const action = path.slice('/__emulator/'.length);
    if (action === 'drop-watches') faults.dropWatches();
    else if (action === 'restart') setImmediate(() => faults.restart());
    else if (action === 'latency') faults.addLatency(Number(q.get('ms') ?? 0));
    else if (action === 'fail') faults.failNext(Number(q.get('count') ?? 1), Number(q.get('code') ?? 500));
    else if (action === 'reset') faults.reset();
    else if (action === 'compact') store.compact();
    else if (action === 'state') {
      return send(res, 200, {
        resourceVersion: store.resourceVersion,
        openStreams: faults.openStreams,
        latencyMs: faults.latencyMs,
        traffic: traffic.snapshot(),
      });
    } else if (action === 'reset-watch-peaks') traffic.resetPeaks();
    else return send(res, 404, status(404, 'NotFound', `unknown emulator action ${action}`));
    send(res, 200, { ok: true });
  }

  async function handle(req: Req, res: Res): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const q = url.searchParams;
    if (path.startsWith('/__emulator/')) return adminEndpoint(res, path, q);
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const failure = faults.takeFailure();
    if (failure !== undefined) {
      await readBody(req);
      return send(res, failure, status(failure, undefined, `injected failure (${failure})`));
    }
    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end('ok');
    }
    if (req.method === 'GET' && discovery(req, res, path)) return traffic.count('discovery');
    if (path.startsWith('/openapi/')) traffic.count('discovery');
    if (path === '/openapi/v3') return send(res, 200, openapiIndex());
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiDocument(path.slice('/openapi/v3/'.length));
      if (doc) return send(res, 200, doc);
    }
    const r = route(path);
    if (!r)
      return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
    await handleResource(req, res, r, q, url.search);
  }

  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const st =
        e instanceof ApiError ? e.status : status(500, 'InternalError', String((e as Error)?.stack ?? e));
      if (!res.headersSent) send(res, st.code, st);
      else if (!res.writableEnded) res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  faults.onRestart = () => {
    for (const s of sockets) s.destroy();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as import('node:net').AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    adminToken,
    store,
    faults,
    traffic,
    logs,
    proxies,
    tokens,
    kubeconfig(path, opts = {}) {
      const text = [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: emulator',
        '  cluster:',
        `    server: ${url}`,
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: emulator-admin',
        '  user:',
        `    token: ${opts.token ?? adminToken}`,
        'contexts:',
        '- name: emulator',
        '  context:',
        '    cluster: emulator',
        '    user: emulator-admin',
        `    namespace: ${opts.namespace ?? 'default'}`,
        'current-context: emulator',
        'preferences: {}',
        '',
      ].join('\n');
      writeFileSync(path, text);
      return path;
    },
    async stop() {
      faults.dropWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
    },
  };
}
