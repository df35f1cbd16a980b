import { api, forget, remember } from '../api.js';
import { clear, h, showError, values, clearMessages } from '../dom.js';

/** The login form: the credentials are checked against /api/whoami before they are kept. */
export function renderLogin(root, onLoggedIn) {
  document.body.dataset.page = 'login';
  clear(root);
  const form = h('form', { class: 'login stack', id: 'login-form' },
    h('h1', {}, 'Warren'),
    h('label', {}, 'Username', h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password' })),
    h('button', { type: 'submit', id: 'login-button' }, 'Log in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearMessages();
    const v = values(form);
    const auth = btoa(unescape(encodeURIComponent(`${v.username}:${v.password}`)));
    try {
      await api('/whoami', { auth });
      remember(v.username, v.password);
      onLoggedIn();
    } catch (err) {
      forget();
      showError(err.status === 401 ? `Login refused: ${err.reason || err.error}` : err);
    }
  });
  root.append(form);
}
