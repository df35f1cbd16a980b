import { api, enc } from '../api.js';
import { attempt, field, fmtRate, h, parseJson, show, values } from '../dom.js';
import { pagedList } from '../listing.js';
import { state, vhostOrDefault } from '../state.js';
import { xname } from '../forms.js';

export async function render(root) {
  root.append(h('h1', {}, 'Exchanges'));
  const list = pagedList(root, {
    path: '/exchanges', id: 'exchanges-table',
    columns: [
      { title: 'vhost', value: x => x.vhost, sort: 'vhost' },
      { title: 'name', sort: 'name', value: x => h('a', { href: `#/exchange/${enc(x.vhost)}/${enc(xname(x.name))}` }, xname(x.name)) },
      { title: 'type', value: x => x.type, sort: 'type' },
      { title: 'features', value: x => [x.durable && 'D', x.auto_delete && 'AD', x.internal && 'I'].filter(Boolean).join(' ') },
      { title: 'policy', value: x => x.policy || '' },
      { title: 'in', value: x => fmtRate(((x.message_stats || {}).publish_in_details || {}).rate || 0), num: true },
      { title: 'out', value: x => fmtRate(((x.message_stats || {}).publish_out_details || {}).rate || 0), num: true },
    ],
  });
  const form = h('form', { class: 'stack', id: 'exchange-form' },
    field('vhost', h('select', { name: 'vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)))),
    field('name', h('input', { name: 'name', required: true })),
    field('type', h('select', { name: 'type' }, ['direct', 'fanout', 'topic', 'headers'].map(t => h('option', { value: t }, t)))),
    h('label', {}, h('span', {}, 'durable'), h('input', { type: 'checkbox', name: 'durable', checked: true })),
    h('label', {}, h('span', {}, 'auto delete'), h('input', { type: 'checkbox', name: 'auto_delete' })),
    h('label', {}, h('span', {}, 'internal'), h('input', { type: 'checkbox', name: 'internal' })),
    field('arguments (JSON)', h('input', { name: 'arguments', placeholder: '{"alternate-exchange": "unrouted"}' })),
    h('button', { type: 'submit' }, 'Add exchange'));
  form.elements.vhost.value = vhostOrDefault();
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      await api(`/exchanges/${enc(v.vhost)}/${enc(v.name)}`, {
        method: 'PUT', vhost: v.vhost,
        body: { type: v.type, durable: v.durable, auto_delete: v.auto_delete, internal: v.internal, arguments: parseJson(v.arguments, 'arguments') },
      });
      show('info', `Exchange ${v.name} declared.`);
      list.reload();
    });
  });
  root.append(h('section', { class: 'panel' }, h('h2', {}, 'Add an exchange'), form));
}
