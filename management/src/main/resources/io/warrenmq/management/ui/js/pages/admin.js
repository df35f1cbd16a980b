import { h } from '../dom.js';
import { renderUsers } from './admin-users.js';
import { renderVhosts } from './admin-vhosts.js';
import { renderPolicies } from './admin-policies.js';

/** Admin: users with tags and permissions, vhosts with limits, policies and operator policies. */
export async function render(root, [tab = 'users'], ctx) {
  const tabs = [['users', 'Users & permissions'], ['vhosts', 'Virtual hosts'], ['policies', 'Policies'], ['operator-policies', 'Operator policies']];
  root.append(h('h1', {}, 'Admin'), h('nav', { class: 'pager', id: 'admin-tabs' },
    tabs.map(([t, label]) => h('a', { href: `#/admin/${t}`, class: t === tab ? 'active' : undefined, id: `admin-tab-${t}` }, label))));
  const body = h('div', {});
  root.append(body);
  if (tab === 'vhosts') await renderVhosts(body, ctx);
  else if (tab === 'policies') await renderPolicies(body, false);
  else if (tab === 'operator-policies') await renderPolicies(body, true);
  else await renderUsers(body);
}
