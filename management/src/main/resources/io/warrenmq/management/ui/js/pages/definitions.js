import { api, enc } from '../api.js';
import { attempt, confirmAction, h, show } from '../dom.js';
import { state } from '../state.js';

/** Export (download) and import (upload or paste) of definitions: GET/POST /api/definitions[/{vhost}]. */
export async function render(root) {
  const scope = () => (state.vhost ? `/definitions/${enc(state.vhost)}` : '/definitions');
  const text = h('textarea', { id: 'definitions-text', rows: 14, placeholder: 'definitions JSON' });
  const file = h('input', { type: 'file', accept: 'application/json,.json', id: 'definitions-file' });
  file.addEventListener('change', async () => { if (file.files[0]) text.value = await file.files[0].text(); });
  const link = h('a', { id: 'definitions-download', hidden: true }, 'download');
  root.append(h('h1', {}, 'Definitions'),
    h('p', { class: 'muted' }, state.vhost ? `Scope: vhost ${state.vhost} (choose "All" above for the whole broker).` : 'Scope: the whole broker.'),
    h('section', { class: 'panel' }, h('h2', {}, 'Export'),
      h('button', { id: 'export-button', onclick: () => attempt(async () => {
        const json = await api(scope(), { raw: true });
        text.value = JSON.stringify(JSON.parse(json), null, 2);
        const url = URL.createObjectURL(new Blob([text.value], { type: 'application/json' }));
        link.href = url;
        link.download = `warren-definitions${state.vhost ? '-' + state.vhost.replace(/[^A-Za-z0-9_-]/g, '_') : ''}.json`;
        link.hidden = false;
        link.textContent = `Download ${link.download}`;
        show('info', 'Definitions exported.');
      }) }, 'Export definitions'), ' ', link),
    h('section', { class: 'panel' }, h('h2', {}, 'Import'), file, text,
      h('button', { id: 'import-button', onclick: () => attempt(async () => {
        let body;
        try { body = JSON.parse(text.value); } catch (e) { throw new Error(`Not valid JSON: ${e.message}`); }
        if (!confirmAction('Import these definitions? Existing objects with the same names are overwritten.')) return;
        await api(scope(), { method: 'POST', body });
        show('info', 'Definitions imported.');
      }) }, 'Import definitions')));
}
