import { api, enc } from '../api.js';
import { h, showError } from '../dom.js';
import { state, vhostOrDefault } from '../state.js';
import { layout } from '../topology-layout.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Exchanges → bindings → queues (and exchanges) of one vhost, drawn as SVG by topology-layout.js. */
export async function render(root) {
  const vhostSel = h('select', { name: 'vhost', id: 'topology-vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)));
  vhostSel.value = vhostOrDefault();
  const unbound = h('input', { type: 'checkbox', id: 'topology-unbound' });
  const holder = h('div', {});
  root.append(h('h1', {}, 'Topology'),
    h('div', { class: 'pager' }, h('label', {}, 'vhost', vhostSel), h('label', {}, h('span', {}, 'show unbound exchanges'), unbound)), holder);
  async function draw() {
    const vh = vhostSel.value;
    let xs, qs, bs;
    try {
      [xs, qs, bs] = await Promise.all([`/exchanges/${enc(vh)}`, `/queues/${enc(vh)}`, `/bindings/${enc(vh)}`].map(p => api(p, { vhost: vh })));
    } catch (e) { showError(e); return; }
    const g = layout(xs, qs, bs.filter(b => b.source !== ''), { showUnbound: unbound.checked });
    const svg = s('svg', { id: 'topology-svg', viewBox: `0 0 ${g.width} ${g.height}`, width: g.width, height: g.height, preserveAspectRatio: 'xMinYMin meet', role: 'img', 'aria-label': `topology of ${vh}` });
    for (const e of g.edges) {
      const mx = (e.x1 + e.x2) / 2;
      svg.append(s('path', { d: `M${e.x1},${e.y1} C${mx},${e.y1} ${mx},${e.y2} ${e.x2},${e.y2}`, class: 'edge', 'data-source': e.source, 'data-destination': e.destination }));
      if (e.label) svg.append(s('text', { x: mx, y: (e.y1 + e.y2) / 2 - 3, 'text-anchor': 'middle', class: 'edge' }, e.label));
    }
    for (const n of g.nodes) {
      const a = s('a', { href: n.kind === 'queue' ? `#/queue/${enc(vh)}/${enc(n.name)}` : `#/exchange/${enc(vh)}/${enc(n.name)}` });
      const grp = s('g', { class: `node ${n.kind}`, 'data-name': n.name, 'data-kind': n.kind });
      grp.append(s('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 4 }),
        s('text', { x: n.x + 8, y: n.y + 17 }, n.label));
      a.append(grp);
      svg.append(a);
    }
    holder.replaceChildren(g.nodes.length ? svg : h('p', { class: 'muted' }, 'No bindings in this vhost.'));
  }
  vhostSel.addEventListener('change', draw);
  unbound.addEventListener('change', draw);
  await draw();
}
