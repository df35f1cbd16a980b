// A layered layout for the topology graph: each exchange's column is one more than the deepest
// exchange binding to it (cycles are cut at the column count), queues go in the last column, and
// within a column nodes are ordered by the mean row of their sources, so edges cross less.
const W = 190, H = 26, GAP_X = 110, GAP_Y = 14, PAD = 10;

export function layout(exchanges, queues, bindings, { showUnbound = false } = {}) {
  const xname = n => (n === '' ? 'amq.default' : n);
  const used = new Set();
  for (const b of bindings) { used.add(`e:${b.source}`); used.add(`${b.destination_type === 'queue' ? 'q' : 'e'}:${b.destination}`); }
  const nodes = new Map();
  for (const x of exchanges) {
    if (x.name === '' || (!showUnbound && !used.has(`e:${x.name}`))) continue;
    nodes.set(`e:${x.name}`, { id: `e:${x.name}`, kind: 'exchange', name: xname(x.name), label: `${xname(x.name)} (${x.type})`, col: 0 });
  }
  for (const q of queues) {
    if (!used.has(`q:${q.name}`)) continue;
    nodes.set(`q:${q.name}`, { id: `q:${q.name}`, kind: 'queue', name: q.name, label: `${q.name} [${q.messages ?? 0}]`, col: 0 });
  }
  const edges = bindings
    .map(b => ({ from: `e:${b.source}`, to: `${b.destination_type === 'queue' ? 'q' : 'e'}:${b.destination}`, label: b.routing_key, source: b.source, destination: b.destination }))
    .filter(e => nodes.has(e.from) && nodes.has(e.to));
  const exchangeCount = [...nodes.values()].filter(n => n.kind === 'exchange').length;
  for (let pass = 0; pass < exchangeCount; pass++) {
    let changed = false;
    for (const e of edges) {
      const a = nodes.get(e.from), b = nodes.get(e.to);
      if (b.kind === 'exchange' && b.col < a.col + 1 && a.col + 1 < exchangeCount) { b.col = a.col + 1; changed = true; }
    }
    if (!changed) break;
  }
  const lastExchangeCol = Math.max(0, ...[...nodes.values()].filter(n => n.kind === 'exchange').map(n => n.col));
  for (const n of nodes.values()) if (n.kind === 'queue') n.col = lastExchangeCol + 1;
  const columns = [];
  for (const n of nodes.values()) (columns[n.col] = columns[n.col] || []).push(n);
  columns.forEach((col, c) => {
    if (!col) return;
    if (c === 0) col.sort((a, b) => a.name.localeCompare(b.name));
    else {
      const rank = n => {
        const src = edges.filter(e => e.to === n.id).map(e => nodes.get(e.from).row).filter(r => r !== undefined);
        return src.length ? src.reduce((s, r) => s + r, 0) / src.length : Infinity;
      };
      col.forEach(n => { n.rank = rank(n); });
      col.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
    }
    col.forEach((n, i) => { n.row = i; n.x = PAD + c * (W + GAP_X); n.y = PAD + i * (H + GAP_Y); n.w = W; n.h = H; });
  });
  const rows = Math.max(0, ...columns.filter(Boolean).map(c => c.length));
  const out = edges.map(e => {
    const a = nodes.get(e.from), b = nodes.get(e.to);
    return { ...e, x1: a.x + a.w, y1: a.y + H / 2, x2: b.x, y2: b.y + H / 2 };
  });
  const cols = columns.length;
  return {
    nodes: [...nodes.values()], edges: out,
    width: Math.max(300, PAD * 2 + cols * W + Math.max(0, cols - 1) * GAP_X), height: Math.max(60, PAD * 2 + rows * (H + GAP_Y)),
  };
}
