// What every page shares: the logged-in user, the selected vhost, the vhost list.
export const state = {
  user: null,      // /api/whoami
  vhost: localStorage.getItem('warren.vhost') || '',
  vhosts: [],
};

export function setVhost(v) {
  state.vhost = v;
  localStorage.setItem('warren.vhost', v);
}

/** The selected vhost, or the first one when "All" is selected (forms need one). */
export function vhostOrDefault() {
  return state.vhost || (state.vhosts.find(v => v.name === '/') ? '/' : (state.vhosts[0] || {}).name || '/');
}

export function isAdmin() { return !!state.user && state.user.tags.includes('administrator'); }
export function isPolicymaker() { return isAdmin() || (!!state.user && state.user.tags.includes('policymaker')); }
