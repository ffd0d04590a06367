/**
 * A minimal LSP client over stdio (vscode-languageserver-protocol), instrumented for timing: every
 * publishDiagnostics is stamped on arrival, every request is timed from send to response, and every
 * wait has a deadline. A server that exits on its own fails all pending waits at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  CompletionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { since } from './stats';

export interface ServerLaunch {
  name: string;
  command: string;
  args: string[];
  /** Answer to one `workspace/configuration` item (undefined sections get null). */
  configuration(section: string | undefined): unknown;
  /** Sent with workspace/didChangeConfiguration after `initialized`, when set. */
  settings?: unknown;
}

export interface PublishedDiagnostics {
  /** performance.now() when the notification was handled. */
  at: number;
  version?: number;
  diagnostics: Diagnostic[];
}

const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
      contextSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

const live = new Set<ChildProcess>();
// Never leave a server behind, whatever way the benchmark ends.
process.on('exit', () => {
  for (const child of live) if (child.pid && child.exitCode === null) killQuietly(child.pid);
});

export class LspClient {
  readonly log: string[] = [];
  serverInfo: InitializeResult['serverInfo'];
  /** How many `workspace/configuration` requests the server sent. */
  configurationPulls = 0;
  private readonly published = new Map<string, PublishedDiagnostics[]>();
  private readonly waiters = new Set<{ check: () => boolean; fail: (err: Error) => void }>();
  private stderr = '';
  private exited: Error | undefined;
  private stopping = false;

  private constructor(
    readonly launch: ServerLaunch,
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(launch: ServerLaunch, rootUri: string | null, timeoutMs: number): Promise<LspClient> {
    const child = spawn(launch.command, launch.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!child.pid) throw new Error(`${launch.name}: could not start ${launch.command}`);
    live.add(child);
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspClient(launch, child, connection);
    client.wire();
    connection.listen();
    try {
      const init = await client.timed(
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri,
          workspaceFolders: null,
          capabilities: CAPABILITIES,
          locale: 'en',
        }),
        timeoutMs,
        'initialize',
      );
      client.serverInfo = init.serverInfo;
      await connection.sendNotification(InitializedNotification.type, {});
      if (launch.settings !== undefined) {
        await connection.sendNotification(DidChangeConfigurationNotification.type, {
          settings: launch.settings,
        });
      }
    } catch (err) {
      // Nobody holds the client yet: a server that never initialized is killed here.
      client.kill();
      throw err;
    }
    return client;
  }

  private wire(): void {
    const { connection, child } = this;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-8000);
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (this.stopping) return;
      this.exited = new Error(
        `${this.launch.name} (pid ${child.pid}) exited unexpectedly: code ${code}, signal ${signal}\n${this.stderr}`,
      );
      for (const waiter of this.waiters) waiter.fail(this.exited);
    });
    // A write to a dead server must surface as that crash, not as an unhandled EPIPE.
    child.stdin!.on('error', () => undefined);
    connection.onError(() => undefined);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.published.get(params.uri) ?? [];
      list.push({ at: performance.now(), version: params.version, diagnostics: params.diagnostics });
      this.published.set(params.uri, list);
      for (const waiter of this.waiters) waiter.check();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      if (this.log.length < 200) this.log.push(`[${params.type}] ${params.message}`);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationPulls++;
      return params.items.map((item) => this.launch.configuration(item.section) ?? null);
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  }

  async open(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  async change(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * The first publishDiagnostics for `uri` that arrived at or after `after` and, when the server
   * sends versions, is for `version`. yaml-language-server sends no version, so callers only ever
   * have one validation in flight.
   */
  waitForDiagnostics(
    uri: string,
    after: number,
    version: number | undefined,
    timeoutMs: number,
  ): Promise<PublishedDiagnostics> {
    const find = () =>
      this.published
        .get(uri)
        ?.find(
          (p) => p.at >= after && (version === undefined || p.version === undefined || p.version === version),
        );
    return this.waitFor(find, timeoutMs, `diagnostics for ${uri} (version ${version ?? 'any'})`);
  }

  /**
   * The last publishDiagnostics for `uri` (and `version`) of a burst that starts with `first`: a
   * server may publish in steps (meshwright sends schema diagnostics at once and its mesh analysis
   * after a delay). The burst is over once `quietMs` pass without another publish.
   */
  async settledDiagnostics(
    uri: string,
    first: PublishedDiagnostics,
    version: number,
    quietMs: number,
  ): Promise<PublishedDiagnostics> {
    let last = first;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.exited) throw this.exited;
      const later = (this.published.get(uri) ?? []).filter(
        (p) => p.at > last.at && (p.version === undefined || p.version === version),
      );
      if (!later.length) return last;
      last = later[later.length - 1]!;
    }
  }

  /** Resolves once the server has pulled its configuration `count` times. */
  waitForConfigurationPulls(count: number, timeoutMs: number): Promise<number> {
    return this.waitFor(
      () => (this.configurationPulls >= count ? this.configurationPulls : undefined),
      timeoutMs,
      `${count} workspace/configuration requests`,
      true,
    );
  }

  private waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string, poll = false): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        check: () => {
          const hit = find();
          if (hit === undefined) return false;
          done();
          resolve(hit);
          return true;
        },
        fail: (err: Error) => {
          done();
          reject(err);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`${this.launch.name}: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      // Configuration pulls are requests, not notifications: poll for them.
      const poller = poll ? setInterval(() => waiter.check(), 5) : undefined;
      const done = () => {
        clearTimeout(timer);
        if (poller) clearInterval(poller);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  async completion(
    uri: string,
    position: Position,
    timeoutMs: number,
  ): Promise<{ ms: number; items: number }> {
    const start = performance.now();
    const result = await this.timed(
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
      timeoutMs,
      'completion',
    );
    const items = Array.isArray(result) ? result.length : (result?.items.length ?? 0);
    return { ms: since(start), items };
  }

  async hover(uri: string, position: Position, timeoutMs: number): Promise<{ ms: number; found: boolean }> {
    const start = performance.now();
    const result = await this.timed(
      this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      timeoutMs,
      'hover',
    );
    return { ms: since(start), found: result !== null && result !== undefined };
  }

  /** Peak resident set size of the server process so far (VmHWM), in KiB. */
  peakRssKb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (!match) throw new Error(`${this.launch.name}: no VmHWM in /proc/${this.pid}/status`);
    return Number(match[1]);
  }

  /** Kills the server by PID, without asking (it failed, or it did not answer a shutdown). */
  kill(): void {
    this.stopping = true;
    // Only a process that is still ours: after a clean exit the PID may already be reused.
    if (this.child.exitCode === null && this.child.signalCode === null) killQuietly(this.pid);
    this.connection.dispose();
    live.delete(this.child);
  }

  /** Polite shutdown first; then the process is killed by PID whatever happened. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      if (!this.exited) {
        await this.timed(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
        // Unref'd: a slow exit must not keep the benchmark itself alive.
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      }
    } catch {
      // Killed below either way.
    } finally {
      this.kill();
    }
  }

  private async timed<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    if (this.exited) throw this.exited;
    let timer: NodeJS.Timeout | undefined;
    let waiter: { check: () => boolean; fail: (err: Error) => void } | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${this.launch.name}: ${what} timed out after ${timeoutMs} ms`)),
            timeoutMs,
          );
          waiter = { check: () => false, fail: reject };
          this.waiters.add(waiter);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
    }
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
