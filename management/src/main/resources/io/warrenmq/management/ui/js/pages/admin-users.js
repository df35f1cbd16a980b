import { api, enc } from '../api.js';
import { attempt, confirmAction, field, h, show, showError, table, values } from '../dom.js';
import { state, vhostOrDefault } from '../state.js';

const vhostOptions = () => state.vhosts.map(v => h('option', { value: v.name }, v.name));

export async function renderUsers(root) {
  const users = h('div', {});
  const perms = h('div', {});
  const topics = h('div', {});
  root.append(h('h2', {}, 'Users'), users, h('h2', {}, 'Permissions'), perms, h('h2', {}, 'Topic permissions'), topics);

  async function load() {
    try {
      const [us, ps, ts] = await Promise.all([api('/users'), api('/permissions'), api('/topic-permissions')]);
      users.replaceChildren(table([
        { title: 'name', value: u => u.name },
        { title: 'tags', value: u => (Array.isArray(u.tags) ? u.tags : String(u.tags || '').split(',')).filter(Boolean).map(t => h('span', { class: 'tag' }, t)) },
        { title: 'can access', value: u => ps.filter(p => p.user === u.name).map(p => p.vhost).join(', ') },
        { title: '', value: u => h('button', { class: 'danger', onclick: () => del(`/users/${enc(u.name)}`, `user ${u.name}`) }, 'Delete') },
      ], us, { id: 'users-table' }));
      perms.replaceChildren(table([
        { title: 'user', value: p => p.user }, { title: 'vhost', value: p => p.vhost },
        { title: 'configure', value: p => p.configure }, { title: 'write', value: p => p.write }, { title: 'read', value: p => p.read },
        { title: '', value: p => h('button', { class: 'secondary', onclick: () => del(`/permissions/${enc(p.vhost)}/${enc(p.user)}`, `${p.user}'s permissions in ${p.vhost}`) }, 'Clear') },
      ], ps, { id: 'permissions-table' }));
      topics.replaceChildren(table([
        { title: 'user', value: p => p.user }, { title: 'vhost', value: p => p.vhost }, { title: 'exchange', value: p => p.exchange },
        { title: 'write', value: p => p.write }, { title: 'read', value: p => p.read },
        { title: '', value: p => h('button', { class: 'secondary', onclick: () => del(`/topic-permissions/${enc(p.vhost)}/${enc(p.user)}/${enc(p.exchange)}`, 'this topic permission') }, 'Clear') },
      ], ts, { id: 'topic-permissions-table', empty: 'No topic permissions.' }));
    } catch (e) { showError(e); }
  }
  function del(path, what) {
    if (!confirmAction(`Delete ${what}?`)) return;
    attempt(async () => { await api(path, { method: 'DELETE' }); show('info', `Deleted ${what}`); load(); });
  }
  function form(id, title, fields, submit) {
    const f = h('form', { class: 'stack', id }, fields, h('button', { type: 'submit', id: `${id}-button` }, title));
    f.addEventListener('submit', e => { e.preventDefault(); attempt(async () => { await submit(values(f)); f.reset(); load(); }); });
    return h('section', { class: 'panel' }, h('h2', {}, title), f);
  }
  root.append(h('div', { class: 'grid' },
    form('user-form', 'Add / update user', [
      field('username', h('input', { name: 'name', required: true, id: 'user-name' })),
      field('password', h('input', { name: 'password', type: 'password', id: 'user-password' })),
      field('tags (comma separated: administrator, monitoring, policymaker, management)', h('input', { name: 'tags', id: 'user-tags' })),
    ], async v => {
      await api(`/users/${enc(v.name)}`, { method: 'PUT', body: { password: v.password, tags: v.tags } });
      show('info', `User ${v.name} saved.`);
    }),
    form('permission-form', 'Set permission', [
      field('user', h('input', { name: 'user', required: true, id: 'permission-user' })),
      field('vhost', h('select', { name: 'vhost', id: 'permission-vhost' }, vhostOptions())),
      field('configure regexp', h('input', { name: 'configure', value: '.*' })),
      field('write regexp', h('input', { name: 'write', value: '.*' })),
      field('read regexp', h('input', { name: 'read', value: '.*' })),
    ], async v => {
      await api(`/permissions/${enc(v.vhost)}/${enc(v.user)}`, { method: 'PUT', vhost: v.vhost, body: { configure: v.configure, write: v.write, read: v.read } });
      show('info', `Permission for ${v.user} in ${v.vhost} set.`);
    }),
    form('topic-permission-form', 'Set topic permission', [
      field('user', h('input', { name: 'user', required: true })),
      field('vhost', h('select', { name: 'vhost' }, vhostOptions())),
      field('exchange', h('input', { name: 'exchange', value: 'amq.topic' })),
      field('write regexp', h('input', { name: 'write', value: '.*' })),
      field('read regexp', h('input', { name: 'read', value: '.*' })),
    ], async v => {
      await api(`/topic-permissions/${enc(v.vhost)}/${enc(v.user)}`, { method: 'PUT', vhost: v.vhost, body: { exchange: v.exchange, write: v.write, read: v.read } });
      show('info', `Topic permission for ${v.user} set.`);
    })));
  for (const sel of root.querySelectorAll('select[name=vhost]')) sel.value = vhostOrDefault();
  await load();
}
