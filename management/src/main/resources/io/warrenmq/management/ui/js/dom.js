// Small DOM helpers: elements from data, never from HTML strings (names come from users).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') { el.value = v; if ('defaultValue' in el && el.tagName === 'INPUT') el.defaultValue = v; } // reset() keeps it
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

let messages;
/** Shows an error (an ApiError's reason) or an info message at the top; never a blank page. */
export function show(kind, text) {
  messages = messages || document.getElementById('messages');
  const m = h('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('button', { 'aria-label': 'dismiss', onclick: () => m.remove() }, '\u00d7'), text);
  messages.append(m);
  if (kind === 'info') setTimeout(() => m.remove(), 6000);
  return m;
}
export function showError(e) { return show('error', e && e.message ? e.message : String(e)); }
export function clearMessages() { clear(document.getElementById('messages')); }

/** Asks before a destructive action. */
export function confirmAction(text) { return window.confirm(text); }

export function fmtNum(n) {
  if (n === undefined || n === null || Number.isNaN(n)) return '';
  return typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(n);
}
export function fmtRate(n) { return n === undefined || n === null ? '' : `${fmtNum(n)}/s`; }
export function fmtBytes(n) {
  if (n === undefined || n === null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${u[i]}`;
}

/**
 * A table. columns: [{title, value: row => text|Node, num?, sort?: 'api.key'}]. onSort(key) makes
 * sortable headers; sorted/rev mark the current sort.
 */
export function table(columns, rows, { onSort, sorted, rev, id, empty = 'Nothing here.' } = {}) {
  const head = h('tr', {}, columns.map(c => h('th', {
    class: [c.num ? 'num' : '', c.sort && onSort ? 'sortable' : '', c.sort && c.sort === sorted ? 'sorted' : '',
      c.sort === sorted && rev ? 'rev' : ''].join(' ').trim() || undefined,
    onclick: c.sort && onSort ? () => onSort(c.sort) : undefined,
  }, c.title)));
  const body = rows.length
    ? rows.map(r => h('tr', {}, columns.map(c => h('td', { class: c.num ? 'num' : undefined }, c.value(r)))))
    : [h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, empty))];
  return h('div', { class: 'table-wrap' }, h('table', { id }, h('thead', {}, head), h('tbody', {}, body)));
}

/** Form values by input name (checkboxes as booleans). */
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return out;
}

export function field(label, input) { return h('label', {}, label, input); }

/** Parses a JSON text field; throws a readable error. */
export function parseJson(text, what) {
  if (!text || !text.trim()) return {};
  try { return JSON.parse(text); } catch (e) { throw new Error(`${what} is not valid JSON: ${e.message}`); }
}

/** Runs an async action from a form or button; shows its error instead of failing silently. */
export async function attempt(f) {
  try { return await f(); } catch (e) { showError(e); return undefined; }
}
