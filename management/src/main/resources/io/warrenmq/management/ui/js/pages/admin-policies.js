import { api, enc } from '../api.js';
import { attempt, confirmAction, field, h, parseJson, show, showError, table, values } from '../dom.js';
import { state, vhostOrDefault } from '../state.js';

/** Policies or operator policies: the same form, another path (/api/policies, /api/operator-policies). */
export async function renderPolicies(root, operator) {
  const base = operator ? '/operator-policies' : '/policies';
  const what = operator ? 'operator policy' : 'policy';
  const out = h('div', {});
  root.append(h('h2', {}, operator ? 'Operator policies' : 'Policies'), out);
  async function load() {
    try {
      const list = await api(state.vhost ? `${base}/${enc(state.vhost)}` : base);
      out.replaceChildren(table([
        { title: 'vhost', value: p => p.vhost }, { title: 'name', value: p => p.name }, { title: 'pattern', value: p => p.pattern },
        { title: 'apply to', value: p => p['apply-to'] }, { title: 'definition', value: p => JSON.stringify(p.definition) },
        { title: 'priority', value: p => p.priority, num: true },
        { title: '', value: p => h('button', { class: 'danger', onclick: () => del(p) }, 'Delete') },
      ], list, { id: operator ? 'operator-policies-table' : 'policies-table', empty: `No ${what}.` }));
    } catch (e) { showError(e); }
  }
  function del(p) {
    if (!confirmAction(`Delete ${what} ${p.name}?`)) return;
    attempt(async () => { await api(`${base}/${enc(p.vhost)}/${enc(p.name)}`, { method: 'DELETE', vhost: p.vhost }); show('info', `Deleted ${p.name}`); load(); });
  }
  const form = h('form', { class: 'stack', id: 'policy-form' },
    field('vhost', h('select', { name: 'vhost' }, state.vhosts.map(v => h('option', { value: v.name }, v.name)))),
    field('name', h('input', { name: 'name', required: true, id: 'policy-name' })),
    field('pattern (regexp)', h('input', { name: 'pattern', required: true, id: 'policy-pattern' })),
    field('apply to', h('select', { name: 'apply_to' }, ['queues', 'classic_queues', 'exchanges', 'all'].map(a => h('option', { value: a }, a)))),
    field('priority', h('input', { name: 'priority', type: 'number', value: '0' })),
    field('definition (JSON)', h('textarea', { name: 'definition', id: 'policy-definition', rows: 3, placeholder: '{"max-length": 1000}' })),
    h('button', { type: 'submit', id: 'policy-button' }, `Add / update ${what}`));
  form.elements.vhost.value = vhostOrDefault();
  form.addEventListener('submit', e => {
    e.preventDefault();
    attempt(async () => {
      const v = values(form);
      await api(`${base}/${enc(v.vhost)}/${enc(v.name)}`, {
        method: 'PUT', vhost: v.vhost,
        body: { pattern: v.pattern, 'apply-to': v.apply_to, priority: Number(v.priority || 0), definition: parseJson(v.definition, 'definition') },
      });
      show('info', `${what} ${v.name} set.`);
      load();
    });
  });
  root.append(h('section', { class: 'panel' }, h('h2', {}, `Add / update a ${what}`), form));
  await load();
}
