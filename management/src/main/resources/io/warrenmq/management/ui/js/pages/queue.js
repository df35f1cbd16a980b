import { api, enc } from '../api.js';
import { attempt, confirmAction, field, fmtBytes, fmtNum, h, show, showError, table, values } from '../dom.js';
import { rollingChart } from '../charts.js';
import { bindingForm, publishForm, unbind, xname } from '../forms.js';

export async function render(root, [vhost, name]) {
  const path = `/queues/${enc(vhost)}/${enc(name)}`;
  const facts = h('section', { class: 'panel', id: 'queue-facts' });
  const canvas = h('canvas', { id: 'queue-chart' });
  const rateCanvas = h('canvas', { id: 'queue-rates-chart' });
  const consumers = h('div', {});
  const bindings = h('div', {});
  const got = h('div', { id: 'got-messages' });
  root.append(h('h1', {}, `Queue ${name} `, h('span', { class: 'muted' }, `in ${vhost}`)),
    h('div', { class: 'grid' }, facts, h('section', { class: 'panel' }, h('h2', {}, 'Queued messages'), h('div', { class: 'chart-box' }, canvas)),
      h('section', { class: 'panel' }, h('h2', {}, 'Message rates'), h('div', { class: 'chart-box' }, rateCanvas))),
    h('h2', {}, 'Consumers'), consumers, h('h2', {}, 'Bindings'), bindings);
  const chart = rollingChart(canvas, ['ready', 'unacked']);
  const rateChart = rollingChart(rateCanvas, ['publish', 'deliver / get', 'ack']);
  const rate = (q, k) => ((((q.message_stats || {})[`${k}_details`]) || {}).rate) || 0;

  async function load() {
    let q;
    try { q = await api(path, { vhost }); } catch (e) { showError(e); return; }
    chart.push([q.messages_ready || 0, q.messages_unacknowledged || 0]);
    rateChart.push([rate(q, 'publish'), rate(q, 'deliver_get'), rate(q, 'ack')]);
    facts.replaceChildren(h('dl', { class: 'facts' },
      h('dt', {}, 'state'), h('dd', {}, q.state),
      h('dt', {}, 'messages'), h('dd', { id: 'queue-messages' }, `${fmtNum(q.messages)} (${fmtNum(q.messages_ready)} ready, ${fmtNum(q.messages_unacknowledged)} unacked, ${fmtBytes(q.message_bytes)})`),
      h('dt', {}, 'consumers'), h('dd', {}, fmtNum(q.consumers)),
      h('dt', {}, 'features'), h('dd', {}, [q.durable && 'durable', q.auto_delete && 'auto-delete', q.exclusive && 'exclusive'].filter(Boolean).join(', ')),
      h('dt', {}, 'policy'), h('dd', { id: 'queue-policy' }, q.policy || ''),
      h('dt', {}, 'operator policy'), h('dd', {}, q.operator_policy || ''),
      h('dt', {}, 'effective policy'), h('dd', { id: 'queue-effective-policy' }, JSON.stringify(q.effective_policy_definition || {})),
      h('dt', {}, 'arguments'), h('dd', {}, JSON.stringify(q.arguments || {}))));
  }
  async function loadConsumers() {
    try {
      const all = await api(`/consumers/${enc(vhost)}`, { vhost });
      const mine = all.filter(c => c.queue && c.queue.name === name);
      consumers.replaceChildren(table([
        { title: 'tag', value: c => c.consumer_tag }, { title: 'channel', value: c => (c.channel_details || {}).name || '' },
        { title: 'ack', value: c => c.ack_required ? 'manual' : 'auto' }, { title: 'prefetch', value: c => c.prefetch_count, num: true },
        { title: 'status', value: c => c.activity_status }], mine, { id: 'queue-consumers', empty: 'No consumers.' }));
    } catch (e) { showError(e); }
  }
  async function loadBindings() {
    try {
      const list = await api(`${path}/bindings`, { vhost });
      bindings.replaceChildren(table([
        { title: 'from', value: b => xname(b.source) }, { title: 'routing key', value: b => b.routing_key },
        { title: 'arguments', value: b => JSON.stringify(b.arguments) },
        { title: '', value: b => b.source === '' ? h('span', { class: 'muted' }, 'default') :
          h('button', { class: 'secondary', onclick: () => confirmAction('Remove this binding?') && unbind(b, loadBindings) }, 'Unbind') },
      ], list, { id: 'queue-bindings' }));
    } catch (e) { showError(e); }
  }

  const getForm = h('form', { class: 'inline', id: 'get-form' },
    field('ack mode', h('select', { name: 'ackmode' },
      h('option', { value: 'ack_requeue_true' }, 'Nack, requeue'), h('option', { value: 'ack_requeue_false' }, 'Ack (remove)'),
      h('option', { value: 'reject_requeue_true' }, 'Reject, requeue'), h('option', { value: 'reject_requeue_false' }, 'Reject (remove)'))),
    field('count', h('input', { name: 'count', value: '1', type: 'number', min: '1', style: 'width:5rem' })),
    h('button', { type: 'submit', id: 'get-button' }, 'Get messages'));
  getForm.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(getForm);
      if (v.ackmode.endsWith('false') && !confirmAction('Get and remove these messages from the queue?')) return;
      const msgs = await api(`${path}/get`, { method: 'POST', vhost, body: { count: Number(v.count), ackmode: v.ackmode, encoding: 'auto', truncate: 50000 } });
      got.replaceChildren(...(msgs.length ? msgs.map((m, i) => h('div', { class: 'panel got-message' },
        h('h2', {}, `Message ${i + 1}`), h('dl', { class: 'facts' },
          h('dt', {}, 'exchange'), h('dd', {}, xname(m.exchange)), h('dt', {}, 'routing key'), h('dd', {}, m.routing_key),
          h('dt', {}, 'redelivered'), h('dd', {}, String(m.redelivered)), h('dt', {}, 'properties'), h('dd', {}, JSON.stringify(m.properties)),
          h('dt', {}, 'payload'), h('dd', {}, h('pre', { class: 'payload' }, m.payload))))) : [h('p', { class: 'muted', id: 'queue-empty' }, 'Queue is empty.')]));
      load();
    });
  });

  root.append(
    h('section', { class: 'panel' }, h('h2', {}, 'Add binding to this queue'), bindingForm(vhost, { destination: name, dtype: 'q' }, loadBindings)),
    h('section', { class: 'panel' }, h('h2', {}, 'Publish message'), h('p', { class: 'muted' }, 'to the default exchange, routing key = the queue name'), publishForm(vhost, '', name, load)),
    h('section', { class: 'panel' }, h('h2', {}, 'Get messages'), getForm, got),
    h('section', { class: 'panel' }, h('h2', {}, 'Danger zone'),
      h('button', { class: 'danger', id: 'purge-queue', onclick: () => {
        if (!confirmAction(`Purge every ready message from ${name}?`)) return;
        attempt(async () => { await api(`${path}/contents`, { method: 'DELETE', vhost }); show('info', `Purged ${name}`); load(); });
      } }, 'Purge messages'), ' ',
      h('button', { class: 'danger', id: 'delete-queue', onclick: () => {
        if (!confirmAction(`Delete queue ${name} and its messages?`)) return;
        attempt(async () => { await api(path, { method: 'DELETE', vhost }); show('info', `Deleted ${name}`); location.hash = '#/queues'; });
      } }, 'Delete queue')));
  await load();
  loadConsumers();
  loadBindings();
  const t = setInterval(() => { load(); loadConsumers(); }, 5000);
  return () => { clearInterval(t); chart.destroy(); rateChart.destroy(); };
}
