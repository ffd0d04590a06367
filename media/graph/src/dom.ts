/** Tiny DOM helpers: elements are built with textContent only (graph data never becomes HTML). */

type Attrs = Record<string, string | boolean | undefined>;

/** `h('button', { class: 'x', 'aria-label': 'y' }, 'text', child)` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== undefined) el.append(child);
  }
  return el;
}

/** A codicon glyph (decorative: hidden from screen readers). */
export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A two-column table of label → value rows (rows with an undefined value are left out). */
export function table(caption: string, rows: [string, string | undefined][]): HTMLTableElement {
  const body = rows
    .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
    .map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)));
  return h('table', {}, h('caption', {}, caption), h('tbody', {}, ...body));
}
