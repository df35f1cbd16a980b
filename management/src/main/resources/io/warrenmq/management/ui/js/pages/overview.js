import { api } from '../api.js';
import { fmtBytes, fmtNum, fmtRate, h, showError, table } from '../dom.js';
import { rollingChart } from '../charts.js';
import { liveOverview } from '../live.js';

export async function render(root) {
  // the first snapshot brings the last five minutes of rate samples to start the chart with
  const firstSnapshot = api('/overview?msg_rates_age=300&msg_rates_incr=5'); // asked for before the charts are built
  firstSnapshot.catch(() => {}); // handled where awaited
  const totals = h('div', { class: 'totals', id: 'totals' });
  const alarms = h('div', { id: 'alarms' });
  const rateCanvas = h('canvas', { id: 'rates-chart' });
  const queuedCanvas = h('canvas', { id: 'queued-chart' });
  const rateNow = h('div', { class: 'muted', id: 'rates-now' });
  const live = h('span', { class: 'live', id: 'live-mode' });
  const node = h('div', { id: 'node' });
  const listeners = h('div', { id: 'listeners' });
  root.append(h('h1', {}, 'Overview ', live), totals, alarms,
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Message rates'), h('div', { class: 'chart-box' }, rateCanvas), rateNow),
      h('section', { class: 'panel' }, h('h2', {}, 'Queued messages'), h('div', { class: 'chart-box' }, queuedCanvas))),
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Node'), node),
      h('section', { class: 'panel' }, h('h2', {}, 'Listeners'), listeners)));
  const rates = rollingChart(rateCanvas, ['publish', 'deliver', 'ack']);
  const queued = rollingChart(queuedCanvas, ['ready', 'unacked', 'total']);

  function total(label, value, id) { return h('div', { class: 'total', id }, h('b', {}, fmtNum(value)), h('span', {}, label)); }

  function show(o, mode) {
    live.textContent = { events: 'live (server-sent events)', polling: 'live (polling every 5 s)' }[mode] || 'connecting…';
    const ot = o.object_totals || {};
    const qt = o.queue_totals || {};
    totals.replaceChildren(
      total('connections', ot.connections, 'total-connections'), total('channels', ot.channels, 'total-channels'),
      total('exchanges', ot.exchanges, 'total-exchanges'), total('queues', ot.queues, 'total-queues'),
      total('consumers', ot.consumers, 'total-consumers'), total('messages', qt.messages || 0, 'total-messages'));
    if (totals.dataset.ready !== 'true') {
      totals.dataset.ready = 'true';
      performance.mark('warren:totals-rendered'); // what the load-time benchmark reads
    }
    const ms = o.message_stats || {};
    const r = k => ((ms[`${k}_details`] || {}).rate) || 0;
    const deliver = r('deliver_get') || r('deliver');
    rates.push([r('publish'), deliver, r('ack')]);
    rateNow.textContent = `publish ${fmtRate(r('publish'))} · deliver ${fmtRate(deliver)} · ack ${fmtRate(r('ack'))}`;
    queued.push([qt.messages_ready || 0, qt.messages_unacknowledged || 0, qt.messages || 0]);
    listeners.replaceChildren(table([
      { title: 'protocol', value: l => l.protocol }, { title: 'address', value: l => l.ip_address },
      { title: 'port', value: l => l.port, num: true }], o.listeners || [], { empty: 'Only monitoring users see listeners.' }));
  }

  /** Rates between the sampler's counts (newest first, 5 s apart), oldest point first. */
  function seedRates(ms) {
    const series = ['publish', 'deliver_get', 'ack'].map(k => ((ms[`${k}_details`] || {}).samples) || []);
    const n = Math.max(...series.map(x => x.length));
    if (n < 2) return;
    const rateAt = (x, i) => (x[i] && x[i + 1] ? Math.max(0, (x[i].sample - x[i + 1].sample) * 1000 / (x[i].timestamp - x[i + 1].timestamp)) : 0);
    for (let i = n - 2; i >= 1; i--) {
      const when = new Date((series.find(x => x[i]) || [])[i].timestamp);
      rates.push(series.map(x => rateAt(x, i)), when);
    }
  }

  async function showNode() {
    try {
      const nodes = await api('/nodes');
      const n = nodes[0];
      if (!n) return;
      const active = [n.mem_alarm && 'memory', n.disk_free_alarm && 'disk'].filter(Boolean);
      alarms.replaceChildren(active.length
        ? h('p', { class: 'alarm' }, `Resource alarm: ${active.join(', ')} — publishers are blocked.`)
        : h('p', { class: 'muted' }, 'No resource alarms.'));
      node.replaceChildren(h('dl', { class: 'facts' },
        h('dt', {}, 'name'), h('dd', {}, n.name),
        h('dt', {}, 'memory'), h('dd', { class: n.mem_alarm ? 'alarm' : undefined }, `${fmtBytes(n.mem_used)} of ${fmtBytes(n.mem_limit)} high watermark`),
        h('dt', {}, 'free disk'), h('dd', { class: n.disk_free_alarm ? 'alarm' : undefined }, `${fmtBytes(n.disk_free)} (limit ${fmtBytes(n.disk_free_limit)})`),
        h('dt', {}, 'file descriptors'), h('dd', {}, `${fmtNum(n.fd_used)} of ${fmtNum(n.fd_total)}`),
        h('dt', {}, 'uptime'), h('dd', {}, `${Math.round((n.uptime || 0) / 1000)} s`)));
    } catch (e) {
      node.replaceChildren(h('p', { class: 'muted' }, e.status === 401 ? 'Only monitoring users see the node.' : e.message));
    }
  }

  try {
    const first = await firstSnapshot;
    seedRates(first.message_stats || {});
    show(first, 'first');
  } catch (e) { showError(e); }
  showNode();
  const nodeTimer = setInterval(showNode, 5000);
  const stop = liveOverview((o, mode) => show(o, mode), showError);
  return () => { stop(); clearInterval(nodeTimer); rates.destroy(); queued.destroy(); };
}
