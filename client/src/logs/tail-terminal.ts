/**
 * A tail in a VS Code terminal: a Pseudoterminal whose bottom row is a status line (a scroll region keeps
 * log output above it), keys for pause, clear, search, filters, timestamps, JSON folding, save and stop,
 * and the terminal's name carrying the target and counts. Closing the terminal stops the tail.
 */
import * as vscode from 'vscode';
import { renderAnsi } from './segments';
import { fit, KEYS_HELP, statusText } from './status-line';
import { TailKeys, type TailAction } from './tail-keys';
import type { TailDeps, TailSession } from './tail-session';

const ESC = '\x1b';

export class TailTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  readonly onDidChangeName = this.nameEmitter.event;
  private readonly keys = new TailKeys();
  private rows = 0;
  private cols = 0;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private lastName = '';
  private opened = false;
  /** output written before the terminal opened */
  private early: string[] = [];
  readonly terminal: vscode.Terminal;

  /**
   * `create` builds the session with this terminal as its output; `onStopped` runs once when the tail
   * stops (for whatever reason).
   */
  constructor(
    create: (output: Pick<TailDeps, 'write' | 'onStatus'>) => TailSession,
    private readonly onStopped: (terminal: TailTerminal) => void,
  ) {
    this.session = create({ write: (text) => this.write(text), onStatus: () => this.scheduleStatus() });
    this.terminal = vscode.window.createTerminal({
      name: `Logs: ${this.session.title}`,
      pty: this,
      isTransient: true,
    });
  }

  readonly session: TailSession;

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    this.resize(dimensions);
    for (const t of this.early.splice(0)) this.writeEmitter.fire(t);
    this.session.start();
    this.drawStatus();
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.resize(dimensions);
    this.drawStatus();
  }

  close(): void {
    this.stop(false);
  }

  handleInput(data: string): void {
    for (const action of this.keys.input(data)) void this.perform(action);
  }

  /** Stops the tail; the terminal stays open (for reading and saving) unless `dispose`. */
  stop(dispose: boolean): void {
    if (!this.session.isStopped) {
      this.session.stop();
      this.onStopped(this);
    }
    this.drawStatus();
    if (dispose) this.closeEmitter.fire();
  }

  private resize(d: vscode.TerminalDimensions | undefined): void {
    if (!d) return;
    this.rows = d.rows;
    this.cols = d.columns;
    // log lines scroll in rows 1..rows-1, the status line owns the last row
    if (this.rows > 2) this.writeEmitter.fire(`${ESC}[1;${this.rows - 1}r${ESC}[${this.rows - 1};1H`);
  }

  private write(text: string): void {
    if (!this.opened) this.early.push(text);
    else this.writeEmitter.fire(text);
  }

  private scheduleStatus(): void {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      this.drawStatus();
    }, 250);
  }

  private drawStatus(): void {
    const status = this.session.status();
    const name = `Logs: ${this.session.title} (${status.streams.streaming}${status.streams.queued ? `+${status.streams.queued} queued` : ''})`;
    if (name !== this.lastName) this.nameEmitter.fire((this.lastName = name));
    if (!this.opened || this.rows <= 2) return;
    const prompt = this.keys.promptText;
    const line = prompt ?? `${statusText(status)}  ? keys`;
    const styled = prompt
      ? `${ESC}[1m${fit(line, this.cols)}${ESC}[0m`
      : `${ESC}[7m${fit(line, this.cols)}${ESC}[0m`;
    this.writeEmitter.fire(`${ESC}7${ESC}[${this.rows};1H${ESC}[2K${styled}${ESC}8`);
  }

  private notice(text: string): void {
    this.write(`${renderAnsi([{ text: `── ${text} ──`, style: { bold: true } }])}\r\n`);
  }

  private async perform(a: TailAction): Promise<void> {
    const s = this.session;
    switch (a.type) {
      case 'togglePause':
        if (s.paused) s.resume();
        else s.pause();
        break;
      case 'clear':
        s.clear();
        break;
      case 'toggleTimestamps':
        s.setTimestamps(!s.formatter.options.timestamps);
        break;
      case 'toggleJson':
        s.setExpandJson(!s.formatter.options.expandJson);
        break;
      case 'help':
        this.notice(KEYS_HELP);
        break;
      case 'stop':
        this.stop(false);
        this.notice('tail stopped (close the terminal to dismiss it)');
        break;
      case 'save':
        await this.save();
        break;
      case 'prompt':
        break;
      case 'search': {
        if (!a.pattern) break;
        try {
          s.setFilter('highlight', a.pattern);
          this.write(s.searchReport(s.filters.highlight!));
        } catch (e) {
          this.notice(`invalid pattern: ${(e as Error).message}`);
        }
        break;
      }
      case 'openInEditor':
        await this.openInEditor();
        break;
      case 'filter':
        try {
          s.setFilter(a.kind, a.pattern || undefined);
        } catch (e) {
          this.notice(`invalid pattern: ${(e as Error).message}`);
        }
        break;
    }
    this.drawStatus();
  }

  /**
   * The buffered lines (plain text, as shown; only those matching the highlight of a search, when there
   * is one) in an untitled editor, where VS Code's own find, folding and selection work.
   */
  private async openInEditor(): Promise<void> {
    const re = this.session.filters.highlight;
    const lines = this.session.plainLines(re);
    if (!lines.length) return this.notice(re ? `no buffered line matches /${re.source}/` : 'no lines yet');
    const doc = await vscode.workspace.openTextDocument({
      content: `${lines.join('\n')}\n`,
      language: 'log',
    });
    await vscode.window.showTextDocument(doc, { preview: false });
    this.notice(
      `opened ${lines.length} line${lines.length === 1 ? '' : 's'}${re ? ` matching /${re.source}/` : ''} in an editor`,
    );
  }

  /** Writes the buffered lines (plain text, as shown) to a file the user picks. */
  private async save(): Promise<void> {
    const uri = await vscode.window.showSaveDialog({
      title: `Save logs of ${this.session.title}`,
      filters: { Logs: ['log', 'txt'] },
    });
    if (!uri) return;
    const text = this.session.plainLines().join('\n') + '\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    this.notice(`saved ${this.session.records().length} lines to ${uri.fsPath}`);
  }

  dispose(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.stop(false);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
    this.nameEmitter.dispose();
  }
}
