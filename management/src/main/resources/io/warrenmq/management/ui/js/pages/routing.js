import { api, enc } from '../api.js';
import { attempt, field, h, parseJson, values } from '../dom.js';
import { state, vhostOrDefault } from '../state.js';
import { xname } from '../forms.js';

/** Warren's routing tester: POST /api/warren/route asks the broker's own router; nothing is published. */
export async function render(root) {
  root.append(h('h1', {}, 'Routing tester'),
    h('p', { class: 'muted' }, 'Which queues would a message reach? The broker routes it with its own router (bindings, exchange-to-exchange bindings, alternate exchanges, CC/BCC headers) without publishing it.'));
  const vhostSel = h('select', { name: 'vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)));
  vhostSel.value = vhostOrDefault();
  const exchangeSel = h('select', { name: 'exchange', id: 'route-exchange' });
  const result = h('div', { id: 'route-result' });
  async function loadExchanges() {
    await attempt(async () => {
      const xs = await api(`/exchanges/${enc(vhostSel.value)}`, { vhost: vhostSel.value });
      exchangeSel.replaceChildren(...xs.map(x => h('option', { value: x.name }, `${xname(x.name)} (${x.type})`)));
    });
  }
  vhostSel.addEventListener('change', loadExchanges);
  const form = h('form', { class: 'stack', id: 'route-form' },
    field('vhost', vhostSel), field('exchange', exchangeSel),
    field('routing key', h('input', { name: 'routing_key', id: 'route-key' })),
    field('headers (JSON)', h('textarea', { name: 'headers', rows: 3, id: 'route-headers', placeholder: '{"format": "pdf", "CC": ["audit"]}' })),
    h('button', { type: 'submit', id: 'route-button' }, 'Route'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      const r = await api('/warren/route', { method: 'POST', vhost: v.vhost, body: { vhost: v.vhost, exchange: v.exchange, routing_key: v.routing_key, headers: parseJson(v.headers, 'headers') } });
      result.replaceChildren(h('section', { class: 'panel' },
        h('p', { id: 'route-summary' }, r.routed ? `Routed to ${r.queues.length} queue(s).` : 'Unroutable: no queue would receive this message.'),
        h('h2', {}, 'Queues'), h('ul', { id: 'route-queues' }, r.queues.map(q => h('li', {}, h('a', { href: `#/queue/${enc(v.vhost)}/${enc(q)}` }, q)))),
        h('h2', {}, 'Exchanges passed'), h('ul', { id: 'route-exchanges' }, r.exchanges.map(x => h('li', {}, x)))));
    });
  });
  root.append(h('section', { class: 'panel' }, form), result);
  await loadExchanges();
}
