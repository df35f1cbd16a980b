import { api, enc } from '../api.js';
import { attempt, confirmAction, field, h, show, showError, table, values } from '../dom.js';
import { state } from '../state.js';

export async function renderVhosts(root, ctx) {
  const out = h('div', {});
  root.append(h('h2', {}, 'Virtual hosts'), out);
  async function load() {
    try {
      const [vs, limits] = await Promise.all([api('/vhosts'), api('/vhost-limits')]);
      const limitsOf = name => (limits.find(l => l.vhost === name) || {}).value || {};
      out.replaceChildren(table([
        { title: 'name', value: v => v.name }, { title: 'description', value: v => v.description || '' },
        { title: 'tags', value: v => (v.tags || []).map(t => h('span', { class: 'tag' }, t)) },
        { title: 'messages', value: v => v.messages || 0, num: true },
        { title: 'limits', value: v => Object.entries(limitsOf(v.name)).map(([k, n]) => `${k}=${n}`).join(', ') },
        { title: '', value: v => h('button', { class: 'danger', onclick: () => del(v.name) }, 'Delete') },
      ], vs, { id: 'vhosts-table' }));
    } catch (e) { showError(e); }
  }
  function del(name) {
    if (!confirmAction(`Delete vhost ${name} with every queue, exchange and message in it?`)) return;
    attempt(async () => { await api(`/vhosts/${enc(name)}`, { method: 'DELETE' }); show('info', `Deleted ${name}`); await ctx.reloadVhosts(); load(); });
  }
  const add = h('form', { class: 'stack', id: 'vhost-form' },
    field('name', h('input', { name: 'name', required: true, id: 'vhost-name' })),
    field('description', h('input', { name: 'description' })),
    field('tags (comma separated)', h('input', { name: 'tags' })),
    h('button', { type: 'submit', id: 'vhost-button' }, 'Add virtual host'));
  add.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(add);
      await api(`/vhosts/${enc(v.name)}`, { method: 'PUT', body: { description: v.description, tags: v.tags } });
      show('info', `Virtual host ${v.name} created.`);
      add.reset();
      await ctx.reloadVhosts();
      load();
    });
  });
  const limit = h('form', { class: 'stack', id: 'vhost-limit-form' },
    field('vhost', h('select', { name: 'vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)))),
    field('limit', h('select', { name: 'limit' }, h('option', { value: 'max-connections' }, 'max-connections'), h('option', { value: 'max-queues' }, 'max-queues'))),
    field('value (negative: no limit; empty: clear)', h('input', { name: 'value', type: 'number' })),
    h('button', { type: 'submit' }, 'Set limit'));
  limit.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(limit);
      const path = `/vhost-limits/${enc(v.vhost)}/${v.limit}`;
      if (v.value === '') await api(path, { method: 'DELETE' });
      else await api(path, { method: 'PUT', body: { value: Number(v.value) } });
      show('info', `Limit ${v.limit} of ${v.vhost} updated.`);
      load();
    });
  });
  root.append(h('div', { class: 'grid' }, h('section', { class: 'panel' }, h('h2', {}, 'Add a virtual host'), add),
    h('section', { class: 'panel' }, h('h2', {}, 'Limits'), limit)));
  await load();
}
