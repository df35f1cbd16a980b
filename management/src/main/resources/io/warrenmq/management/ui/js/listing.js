// A server-paged list (RabbitMQ's page, page_size, name, use_regex, sort, sort_reverse): the
// filter, the pager and the sortable table, re-fetched on every change.
import { api, enc } from './api.js';
import { clear, h, showError, table } from './dom.js';
import { state } from './state.js';

export function pagedList(root, { path, columns, defaultSort = 'name', id }) {
  const q = { page: 1, page_size: 100, name: '', use_regex: false, sort: defaultSort, sort_reverse: false };
  const out = h('div', {});
  const info = h('span', { class: 'muted' });
  const filter = h('input', { placeholder: 'filter by name', name: 'filter', id: `${id}-filter`, 'aria-label': 'filter' });
  const regex = h('input', { type: 'checkbox', id: `${id}-regex` });
  const size = h('select', { 'aria-label': 'page size' }, [20, 100, 500].map(n => h('option', { value: n }, n)));
  size.value = '100';
  const prev = h('button', { class: 'secondary', onclick: () => { if (q.page > 1) { q.page--; load(); } } }, '\u2039 prev');
  const next = h('button', { class: 'secondary', id: `${id}-next`, onclick: () => { q.page++; load(); } }, 'next \u203a');
  let typing;
  filter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { q.name = filter.value; q.page = 1; load(); }, 250); });
  regex.addEventListener('change', () => { q.use_regex = regex.checked; q.page = 1; load(); });
  size.addEventListener('change', () => { q.page_size = Number(size.value); q.page = 1; load(); });
  root.append(h('div', { class: 'pager' }, filter, h('label', { class: 'inline' }, h('span', {}, 'regex'), regex), size, prev, next, info), out);

  async function load() {
    const scope = state.vhost ? `/${enc(state.vhost)}` : '';
    const params = new URLSearchParams({
      page: q.page, page_size: q.page_size, name: q.name, use_regex: q.use_regex, sort: q.sort, sort_reverse: q.sort_reverse,
      pagination: true,
    });
    try {
      const r = await api(`${path}${scope}?${params}`);
      if (r.page_count && q.page > r.page_count) { q.page = r.page_count; return load(); }
      info.textContent = `page ${r.page} of ${Math.max(r.page_count, 1)} · ${r.filtered_count} of ${r.total_count}`;
      prev.disabled = r.page <= 1;
      next.disabled = r.page >= r.page_count;
      clear(out).append(table(columns, r.items, {
        id, sorted: q.sort, rev: q.sort_reverse,
        onSort: key => { q.sort_reverse = q.sort === key ? !q.sort_reverse : false; q.sort = key; q.page = 1; load(); },
      }));
    } catch (e) { showError(e); }
  }
  load();
  return { reload: load };
}
