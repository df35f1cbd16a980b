import { api, enc } from '../api.js';
import { attempt, confirmAction, h, show, showError, table } from '../dom.js';
import { bindingForm, publishForm, unbind, xname } from '../forms.js';

export async function render(root, [vhost, name]) {
  const real = name === 'amq.default' ? '' : name;
  let x;
  try { x = await api(`/exchanges/${enc(vhost)}/${enc(name)}`, { vhost }); } catch (e) {
    root.append(h('h1', {}, `Exchange ${name}`)); showError(e); return;
  }
  const bindings = h('div', {});
  root.append(h('h1', {}, `Exchange ${xname(x.name)} `, h('span', { class: 'muted' }, `in ${vhost}`)),
    h('section', { class: 'panel' }, h('dl', { class: 'facts' },
      h('dt', {}, 'type'), h('dd', {}, x.type), h('dt', {}, 'durable'), h('dd', {}, String(x.durable)),
      h('dt', {}, 'policy'), h('dd', {}, x.policy || ''), h('dt', {}, 'arguments'), h('dd', {}, JSON.stringify(x.arguments)))),
    h('h2', {}, 'Bindings from this exchange'), bindings);
  async function load() {
    try {
      const list = await api(`/exchanges/${enc(vhost)}/${enc(name)}/bindings/source`, { vhost });
      bindings.replaceChildren(table([
        { title: 'to', value: b => `${b.destination_type} ${b.destination}` }, { title: 'routing key', value: b => b.routing_key },
        { title: 'arguments', value: b => JSON.stringify(b.arguments) },
        { title: '', value: b => h('button', { class: 'secondary', onclick: () => confirmAction('Remove this binding?') && unbind(b, load) }, 'Unbind') },
      ], list, { id: 'exchange-bindings', empty: 'No bindings.' }));
    } catch (e) { showError(e); }
  }
  load();
  if (real !== '') root.append(h('section', { class: 'panel' }, h('h2', {}, 'Add binding'), bindingForm(vhost, { source: real }, load)));
  root.append(h('section', { class: 'panel' }, h('h2', {}, 'Publish message'), publishForm(vhost, real, '')));
  if (real !== '' && !real.startsWith('amq.')) {
    root.append(h('button', { class: 'danger', id: 'delete-exchange', onclick: () => {
      if (!confirmAction(`Delete exchange ${real}?`)) return;
      attempt(async () => { await api(`/exchanges/${enc(vhost)}/${enc(real)}`, { method: 'DELETE', vhost }); show('info', `Deleted ${real}`); location.hash = '#/exchanges'; });
    } }, 'Delete this exchange'));
  }
}
