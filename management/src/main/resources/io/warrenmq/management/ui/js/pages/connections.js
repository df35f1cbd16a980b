import { api, enc } from '../api.js';
import { attempt, confirmAction, fmtBytes, h, show, showError, table } from '../dom.js';
import { state } from '../state.js';

export async function render(root) {
  root.append(h('h1', {}, 'Connections'));
  const out = h('div', {});
  root.append(out);
  async function load() {
    try {
      const path = state.vhost ? `/vhosts/${enc(state.vhost)}/connections` : '/connections';
      const list = await api(path);
      out.replaceChildren(table([
        { title: 'name', value: c => c.name },
        { title: 'client', value: c => (c.client_properties || {}).connection_name || (c.client_properties || {}).product || '' },
        { title: 'user', value: c => c.user }, { title: 'vhost', value: c => c.vhost },
        { title: 'state', value: c => c.state }, { title: 'channels', value: c => c.channels, num: true },
        { title: 'TLS', value: c => c.ssl ? c.ssl_protocol : 'no' },
        { title: 'from client', value: c => fmtBytes(c.recv_oct), num: true },
        { title: 'to client', value: c => fmtBytes(c.send_oct), num: true },
        { title: '', value: c => h('button', { class: 'danger', onclick: () => close(c) }, 'Close') },
      ], list, { id: 'connections-table', empty: 'No client connections.' }));
    } catch (e) { showError(e); }
  }
  async function close(c) {
    if (!confirmAction(`Close connection ${c.name}?`)) return;
    await attempt(async () => {
      await api(`/connections/${enc(c.name)}`, { method: 'DELETE' });
      show('info', `Closed ${c.name}`);
      load();
    });
  }
  load();
  const t = setInterval(load, 5000);
  return () => clearInterval(t);
}
