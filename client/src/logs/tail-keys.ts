/**
 * Keyboard input of a tail terminal as actions: single keys in normal mode, and a one-line prompt
 * (search and filter patterns) with editing, Enter to accept and Escape to cancel. Pure: the terminal
 * adapter feeds it the raw input and performs the actions.
 */
import type { FilterKind } from './line-filters';

export type TailAction =
  | { type: 'togglePause' }
  | { type: 'clear' }
  | { type: 'toggleTimestamps' }
  | { type: 'toggleJson' }
  | { type: 'save' }
  | { type: 'openInEditor' }
  | { type: 'stop' }
  | { type: 'help' }
  | { type: 'search'; pattern: string }
  | { type: 'filter'; kind: FilterKind; pattern: string }
  /** the prompt changed (redraw it), or closed (`prompt` undefined) */
  | { type: 'prompt'; prompt: string | undefined };

type PromptKind = 'search' | FilterKind;

const PROMPT_LABEL: Record<PromptKind, string> = {
  search: 'search /',
  include: 'include /',
  exclude: 'exclude /',
  highlight: 'highlight /',
};

export class TailKeys {
  private prompt: { kind: PromptKind; text: string } | undefined;

  /** The prompt line being edited, if any. */
  get promptText(): string | undefined {
    return this.prompt ? `${PROMPT_LABEL[this.prompt.kind]}${this.prompt.text}` : undefined;
  }

  /** Actions for one chunk of input (a key, an escape sequence or pasted text). */
  input(data: string): TailAction[] {
    if (this.prompt) return this.promptInput(data);
    const out: TailAction[] = [];
    for (const ch of data) {
      const a = this.key(ch);
      if (a) out.push(a);
      if (this.prompt) {
        out.push({ type: 'prompt', prompt: this.promptText });
        break;
      }
    }
    return out;
  }

  private key(ch: string): TailAction | undefined {
    switch (ch) {
      case 'p':
      case ' ':
        return { type: 'togglePause' };
      case 'c':
        return { type: 'clear' };
      case 't':
        return { type: 'toggleTimestamps' };
      case 'j':
        return { type: 'toggleJson' };
      case 's':
        return { type: 'save' };
      case 'o':
        return { type: 'openInEditor' };
      case 'q':
      case '\x03':
        return { type: 'stop' };
      case '?':
        return { type: 'help' };
      case '/':
        this.prompt = { kind: 'search', text: '' };
        return undefined;
      case 'i':
        this.prompt = { kind: 'include', text: '' };
        return undefined;
      case 'x':
        this.prompt = { kind: 'exclude', text: '' };
        return undefined;
      case 'h':
        this.prompt = { kind: 'highlight', text: '' };
        return undefined;
      default:
        return undefined;
    }
  }

  private promptInput(data: string): TailAction[] {
    const p = this.prompt!;
    if (data === '\x1b' || data === '\x03') {
      this.prompt = undefined;
      return [{ type: 'prompt', prompt: undefined }];
    }
    if (data.startsWith('\x1b')) return []; // arrows and other sequences: not supported in the prompt
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        this.prompt = undefined;
        const done: TailAction =
          p.kind === 'search'
            ? { type: 'search', pattern: p.text }
            : { type: 'filter', kind: p.kind, pattern: p.text };
        return [{ type: 'prompt', prompt: undefined }, done];
      }
      if (ch === '\x7f' || ch === '\b') p.text = p.text.slice(0, -1);
      else if (ch >= ' ') p.text += ch;
    }
    return [{ type: 'prompt', prompt: this.promptText }];
  }
}
