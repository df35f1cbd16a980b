import { api, enc } from '../api.js';
import { h, showError, table } from '../dom.js';
import { state } from '../state.js';

export async function render(root) {
  root.append(h('h1', {}, 'Channels'));
  const out = h('div', {});
  root.append(out);
  async function load() {
    try {
      const path = state.vhost ? `/vhosts/${enc(state.vhost)}/channels` : '/channels';
      const list = await api(path);
      out.replaceChildren(table([
        { title: 'channel', value: c => c.name }, { title: 'user', value: c => c.user }, { title: 'vhost', value: c => c.vhost },
        { title: 'mode', value: c => [c.confirm && 'confirm', c.transactional && 'tx'].filter(Boolean).join(' ') },
        { title: 'prefetch', value: c => c.prefetch_count, num: true },
        { title: 'consumers', value: c => c.consumer_count, num: true },
        { title: 'unacked', value: c => c.messages_unacknowledged, num: true },
        { title: 'published', value: c => (c.message_stats || {}).publish || 0, num: true },
        { title: 'delivered', value: c => (c.message_stats || {}).deliver || 0, num: true },
      ], list, { id: 'channels-table', empty: 'No channels.' }));
    } catch (e) { showError(e); }
  }
  load();
  const t = setInterval(load, 5000);
  return () => clearInterval(t);
}
