import { api, enc } from '../api.js';
import { attempt, field, fmtNum, fmtRate, h, parseJson, show, values } from '../dom.js';
import { pagedList } from '../listing.js';
import { state, vhostOrDefault } from '../state.js';

const rate = (q, k) => fmtRate((((q.message_stats || {})[`${k}_details`]) || {}).rate || 0);

export async function render(root) {
  root.append(h('h1', {}, 'Queues'));
  const list = pagedList(root, {
    path: '/queues', id: 'queues-table',
    columns: [
      { title: 'vhost', value: q => q.vhost, sort: 'vhost' },
      { title: 'name', sort: 'name', value: q => h('a', { href: `#/queue/${enc(q.vhost)}/${enc(q.name)}` }, q.name) },
      { title: 'type', value: q => q.type || 'classic' },
      { title: 'features', value: q => [q.durable && 'D', q.auto_delete && 'AD', q.exclusive && 'Excl'].filter(Boolean).join(' ') },
      { title: 'policy', value: q => q.policy || '', sort: 'policy' },
      { title: 'state', value: q => q.state },
      { title: 'ready', value: q => fmtNum(q.messages_ready), num: true, sort: 'messages_ready' },
      { title: 'unacked', value: q => fmtNum(q.messages_unacknowledged), num: true, sort: 'messages_unacknowledged' },
      { title: 'total', value: q => fmtNum(q.messages), num: true, sort: 'messages' },
      { title: 'consumers', value: q => fmtNum(q.consumers), num: true, sort: 'consumers' },
      { title: 'incoming', value: q => rate(q, 'publish'), num: true },
      { title: 'deliver / get', value: q => rate(q, 'deliver_get'), num: true },
    ],
  });
  const form = h('form', { class: 'stack', id: 'queue-form' },
    field('vhost', h('select', { name: 'vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)))),
    field('name', h('input', { name: 'name', required: true, id: 'queue-name' })),
    h('label', {}, h('span', {}, 'durable'), h('input', { type: 'checkbox', name: 'durable', checked: true })),
    h('label', {}, h('span', {}, 'auto delete'), h('input', { type: 'checkbox', name: 'auto_delete' })),
    field('arguments (JSON)', h('input', { name: 'arguments', placeholder: '{"x-max-length": 1000}' })),
    h('button', { type: 'submit', id: 'queue-button' }, 'Add queue'));
  form.elements.vhost.value = vhostOrDefault();
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      await api(`/queues/${enc(v.vhost)}/${enc(v.name)}`, {
        method: 'PUT', vhost: v.vhost, body: { durable: v.durable, auto_delete: v.auto_delete, arguments: parseJson(v.arguments, 'arguments') },
      });
      show('info', `Queue ${v.name} declared.`);
      list.reload();
    });
  });
  root.append(h('section', { class: 'panel' }, h('h2', {}, 'Add a queue'), form));
}
