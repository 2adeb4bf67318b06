// Small DOM helpers: elements from plain calls, tables, forms and the error box every view shares.
import { ApiFailure } from './api.js';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** An element: attributes (on* are listeners; false/undefined leave one out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** The state badge every view uses: colour by state (with the word, so colour is never the only cue). */
export function badge(state: string | undefined): HTMLElement {
  const s = state || '—';
  return h('span', { class: `badge state-${stateClass(s)}` }, s);
}

export function stateClass(s: string): string {
  if (['Available', 'Established', 'Enabled', 'active', 'up', 'Active'].includes(s)) return 'good';
  if (
    ['Pending', 'Modifying', 'Connect', 'OpenSent', 'OpenConfirm', 'Initial', 'Allocated', 'Confirmed', 'Allocating', 'Deleting'].includes(
      s,
    )
  )
    return 'busy';
  if (['Idle', 'down', 'Terminated', 'Terminating', 'terminated', 'Rejected', 'Canceled', 'unconfirmed'].includes(s)) return 'bad';
  return 'none';
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child | Child[];
}

export function table<T>(caption: string, columns: Column<T>[], rows: T[], empty = 'None yet.'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, `${caption}: ${empty}`);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            columns.map((c) => h('td', { 'data-label': c.label }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

/** What the API answered when it refused: its code and message; for a RAM denial, what was denied. */
export function errorBox(e: unknown): HTMLElement {
  if (e instanceof ApiFailure) {
    const denied = e.denied;
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('strong', { class: 'error-code' }, e.code),
      ' ',
      h('span', { class: 'error-message' }, e.message),
      denied
        ? h(
            'p',
            { class: 'denied' },
            `Denied: ${denied.AuthAction ?? e.action}${denied.AuthPrincipalDisplayName ? ` for ${denied.AuthPrincipalDisplayName}` : ''}${
              denied.NoPermissionType ? ` (${denied.NoPermissionType})` : ''
            }`,
          )
        : null,
      h('p', { class: 'request-id' }, `${e.action}${e.body.RequestId ? ` · RequestId ${String(e.body.RequestId)}` : ''}`),
    );
  }
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Error'), ' ', String((e as Error)?.message ?? e));
}

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'select' | 'checkbox' | 'textarea';
  value?: string;
  options?: string[];
  required?: boolean;
  hint?: string;
}

let formSeq = 0;

/**
 * A form whose submit calls `run` with the values by name; the API's refusal shows in the form, so
 * the user sees exactly what the API said. Nothing is validated here: the API validates.
 */
export function form(title: string, fields: Field[], submit: string, run: (v: Record<string, string>) => Promise<unknown>): HTMLElement {
  const id = `f${++formSeq}`;
  const out = h('div', { class: 'form-result', 'aria-live': 'polite' });
  const inputs = fields.map((f) => {
    const fid = `${id}-${f.name}`;
    const common = { id: fid, name: f.name, required: f.required };
    const input =
      f.type === 'select'
        ? h(
            'select',
            common,
            (f.options ?? []).map((o) => h('option', { value: o, selected: o === f.value }, o)),
          )
        : f.type === 'textarea'
          ? h('textarea', { ...common, rows: 6 }, f.value ?? '')
          : h('input', {
              ...common,
              type: f.type ?? 'text',
              value: f.type === 'checkbox' ? 'true' : (f.value ?? ''),
              checked: f.type === 'checkbox' && f.value === 'true',
            });
    return h(
      'div',
      { class: `field ${f.type === 'checkbox' ? 'check' : ''}` },
      h('label', { for: fid }, f.label),
      input,
      f.hint ? h('small', {}, f.hint) : null,
    );
  });
  const button = h('button', { type: 'submit' }, submit);
  const el = h('form', { class: 'api-form', 'aria-label': title }, h('h3', {}, title), inputs, button, out);
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values: Record<string, string> = {};
    for (const f of fields) {
      const input = el.querySelector<HTMLInputElement>(`[name="${f.name}"]`)!;
      values[f.name] = f.type === 'checkbox' ? String(input.checked) : input.value.trim();
    }
    button.disabled = true;
    out.replaceChildren(h('span', {}, 'Sending…'));
    run(values)
      .then(() => out.replaceChildren(h('span', { class: 'ok', role: 'status' }, 'Done.')))
      .catch((e: unknown) => out.replaceChildren(errorBox(e)))
      .finally(() => (button.disabled = false));
  });
  return el;
}

/** A button that runs an action after the user confirms (destructive ones) and reports its refusal beside it. */
export function actionButton(
  label: string,
  run: () => Promise<unknown>,
  opts: { confirm?: string; onDone?: () => void; where?: HTMLElement } = {},
): HTMLElement {
  const b = h('button', { type: 'button', class: opts.confirm ? 'danger' : '' }, label);
  b.addEventListener('click', () => {
    if (opts.confirm && !window.confirm(opts.confirm)) return;
    b.disabled = true;
    run()
      .then(() => opts.onDone?.())
      .catch((e: unknown) => (opts.where ?? document.getElementById('messages'))?.replaceChildren(errorBox(e)))
      .finally(() => (b.disabled = false));
  });
  return b;
}

export function time(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  return String(v).replace('T', ' ').replace('Z', ' UTC');
}
