/**
 * The toolbar's namespace picker: a button naming the shown namespaces and a popup of checkboxes
 * ("All namespaces" and each namespace, with a filter for long lists). Checking several shows them
 * together; the choice is sent once the user pauses (or closes the popup), so a few quick clicks make
 * one refresh. The extension confirms it with its state message (and the webview state persists it).
 */
import {
  ALL_NAMESPACES,
  isAllNamespaces,
  namespacesLabel,
  toggleNamespace,
} from '../../../client/src/graph/webview-protocol';
import { h, icon } from './dom';

const SEND_DELAY_MS = 600;

export class NamespacePicker {
  readonly root = h('span', { class: 'ns-picker' });
  private readonly button = h('button', {
    class: 'ns-button',
    'aria-haspopup': 'true',
    'aria-expanded': 'false',
    'aria-controls': 'ns-popup',
  });
  private readonly popup = h('div', {
    id: 'ns-popup',
    class: 'ns-popup',
    role: 'group',
    'aria-label': 'Namespaces to show',
  });
  private readonly filter = h('input', {
    type: 'search',
    placeholder: 'Filter namespaces',
    'aria-label': 'Filter namespaces',
  });
  private readonly list = h('div', { class: 'ns-list' });
  private selection: string[] = [];
  private available: string[] = [];
  /** the namespaces the rows were built for */
  private rendered: string[] = [];
  /** a choice not sent yet: the extension's state does not overwrite it */
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (namespaces: string[]) => void) {
    this.popup.hidden = true;
    this.popup.append(this.filter, this.list);
    this.root.append(this.button, this.popup);
    this.button.addEventListener('click', () => this.setOpen(this.popup.hidden));
    this.filter.addEventListener('input', () => this.applyFilter());
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.popup.hidden) {
        e.stopPropagation();
        this.setOpen(false);
        this.button.focus();
      }
    });
    document.addEventListener('mousedown', (e) => {
      if (!this.popup.hidden && !this.root.contains(e.target as Node)) this.setOpen(false);
    });
    this.render();
  }

  /** The namespaces the extension confirmed and the ones it knows of. */
  update(selected: readonly string[], available: readonly string[]): void {
    this.available = [...available];
    if (this.pending === undefined) this.selection = [...selected];
    this.render();
  }

  private setOpen(open: boolean): void {
    this.popup.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.filter.focus();
    else this.flush();
  }

  private toggle(name: string, on: boolean): void {
    this.selection = toggleNamespace(this.selection, name, on, this.available);
    this.render();
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.flush(), SEND_DELAY_MS);
  }

  private flush(): void {
    if (this.pending === undefined) return;
    clearTimeout(this.pending);
    this.pending = undefined;
    this.onChange(this.selection);
  }

  private render(): void {
    const label = `Namespaces: ${namespacesLabel(this.selection)}`;
    this.button.replaceChildren(icon('filter'), namespacesLabel(this.selection), icon('chevron-down'));
    this.button.title = label;
    this.button.setAttribute('aria-label', label);
    const names = [
      ALL_NAMESPACES,
      ...[...new Set([...this.available, ...this.selection])].filter((n) => n !== ALL_NAMESPACES).sort(),
    ];
    if (names.join('\n') !== this.rendered.join('\n')) {
      // a new list: rebuild the rows, keeping the keyboard on the same namespace
      const focused = this.list.contains(document.activeElement)
        ? (document.activeElement as HTMLInputElement).value
        : undefined;
      this.list.replaceChildren(
        ...names.map((n) => this.row(n, n === ALL_NAMESPACES ? 'All namespaces' : n)),
      );
      this.rendered = names;
      if (focused !== undefined)
        this.list.querySelector<HTMLInputElement>(`input[value="${CSS.escape(focused)}"]`)?.focus();
      this.applyFilter();
    }
    const all = isAllNamespaces(this.selection);
    for (const box of this.list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      box.checked = all || this.selection.includes(box.value);
      // "all" implies every namespace, including ones the cluster creates later
      box.classList.toggle('implied', all && box.value !== ALL_NAMESPACES);
    }
  }

  private row(value: string, text: string): HTMLElement {
    const box = h('input', { type: 'checkbox', value });
    box.addEventListener('change', () => this.toggle(value, box.checked));
    return h('label', { class: 'check ns-row', 'data-namespace': value }, box, text);
  }

  private applyFilter(): void {
    const q = this.filter.value.trim().toLowerCase();
    for (const row of this.list.querySelectorAll<HTMLElement>('.ns-row')) {
      const ns = row.dataset.namespace ?? '';
      row.hidden = !!q && ns !== ALL_NAMESPACES && !ns.toLowerCase().includes(q);
    }
  }
}
