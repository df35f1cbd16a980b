// The single-page console: hash routes (#/queues/%2F/orders) to one module per page.
import { api, credentials, forget, whenUnauthorized } from './api.js';
import { clear, clearMessages, h, show, showError } from './dom.js';
import { state, setVhost } from './state.js';
import { renderLogin } from './pages/login.js';

const pages = {
  overview: () => import('./pages/overview.js'),
  connections: () => import('./pages/connections.js'),
  channels: () => import('./pages/channels.js'),
  exchanges: () => import('./pages/exchanges.js'),
  exchange: () => import('./pages/exchange.js'),
  queues: () => import('./pages/queues.js'),
  queue: () => import('./pages/queue.js'),
  topology: () => import('./pages/topology.js'),
  routing: () => import('./pages/routing.js'),
  admin: () => import('./pages/admin.js'),
  definitions: () => import('./pages/definitions.js'),
};

const app = document.getElementById('app');
let cleanup = null;

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme; else delete document.documentElement.dataset.theme;
}
applyTheme(localStorage.getItem('warren.theme'));
document.getElementById('theme-toggle').addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme
    ? document.documentElement.dataset.theme === 'dark'
    : matchMedia('(prefers-color-scheme: dark)').matches;
  const next = dark ? 'light' : 'dark';
  localStorage.setItem('warren.theme', next);
  applyTheme(next);
  route();
});
document.getElementById('menu-toggle').addEventListener('click', e => {
  const nav = document.getElementById('nav');
  nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', nav.classList.contains('open'));
});
document.getElementById('logout').addEventListener('click', () => logout());
document.getElementById('vhost-select').addEventListener('change', e => { setVhost(e.target.value); route(); });
window.addEventListener('hashchange', () => { document.getElementById('nav').classList.remove('open'); route(); });
// why: a stream still open when the page goes keeps one of the browser's six connections per host
window.addEventListener('pagehide', () => { if (cleanup) { cleanup(); cleanup = null; } });
whenUnauthorized(err => logout(`Logged out: ${err.reason || err.message}`));

export function logout(message) {
  forget();
  state.user = null;
  if (cleanup) { cleanup(); cleanup = null; }
  document.getElementById('top').hidden = true;
  clearMessages();
  if (message) show('error', message);
  renderLogin(app, start);
}

async function loadVhosts() {
  state.vhosts = await api('/vhosts');
  const sel = clear(document.getElementById('vhost-select'));
  sel.append(h('option', { value: '' }, 'All'));
  for (const v of state.vhosts) sel.append(h('option', { value: v.name }, v.name));
  if (state.vhost && !state.vhosts.some(v => v.name === state.vhost)) setVhost('');
  sel.value = state.vhost;
}

/** After login: who am I, which vhosts, then the page in the hash. */
async function start() {
  try {
    // why together: each is a round trip, and the overview (the usual first page) waits for both
    const [user] = await Promise.all([api('/whoami'), loadVhosts(), pageModule()]);
    state.user = user;
  } catch (e) {
    if (e.status !== 401) { forget(); renderLogin(app, start); showError(e); }
    return;
  }
  document.getElementById('whoami').textContent = state.user.name;
  document.getElementById('top').hidden = false;
  route();
}

function currentParts() {
  return location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
}

/** The module of the page in the hash, loading (null for an unknown page). */
function pageModule() {
  const load = pages[currentParts()[0] || 'overview'];
  return load ? load() : Promise.resolve(null);
}

export async function route() {
  if (!state.user) return;
  const parts = currentParts();
  const name = parts[0] || 'overview';
  const load = pages[name];
  if (cleanup) { cleanup(); cleanup = null; }
  clearMessages();
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.page === name || a.dataset.page + 's' === name || (name === 'queue' && a.dataset.page === 'queues') || (name === 'exchange' && a.dataset.page === 'exchanges'));
  }
  clear(app);
  if (!load) { app.append(h('h1', {}, 'Not found'), h('p', {}, `There is no page “${name}”.`)); return; }
  try {
    const module = await load();
    document.body.dataset.page = name;
    cleanup = (await module.render(app, parts.slice(1), { reloadVhosts: loadVhosts })) || null;
  } catch (e) {
    app.append(h('h1', {}, 'This page failed'));
    showError(e);
  }
}

if (credentials()) start(); else renderLogin(app, start);
