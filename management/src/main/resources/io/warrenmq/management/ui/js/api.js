// The only way the UI talks to the broker: the public /api, with HTTP Basic on every call, as
// RabbitMQ's UI does (it keeps the credentials and sends Authorization itself).
const KEY = 'warren.credentials';

export class ApiError extends Error {
  constructor(status, error, reason) {
    super(reason ? `${error}: ${reason}` : error);
    this.status = status;
    this.error = error;
    this.reason = reason;
  }
}

export function credentials() {
  return sessionStorage.getItem(KEY);
}

export function remember(user, password) {
  sessionStorage.setItem(KEY, btoa(unescape(encodeURIComponent(`${user}:${password}`))));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

let onUnauthorized = () => {};
export function whenUnauthorized(f) { onUnauthorized = f; }

export const enc = encodeURIComponent;

// The API answers 401 both for bad credentials and for a missing permission; only the first ends
// the session (RabbitMQ spells the login refusals "not_authorized", the permission ones "not_authorised")
const LOGIN_REASONS = ['Not management user', 'User can only log in via localhost'];
function loginRefused(err) {
  return err.error === 'not_authorized' || LOGIN_REASONS.includes(err.reason);
}

/**
 * Calls `api${path}`. body: a value sent as JSON. vhost: sent as x-vhost (RabbitMQ's UI sends it
 * on vhost-scoped calls). Answers the parsed JSON (null for 201/204); throws ApiError otherwise.
 */
export async function api(path, { method = 'GET', body, vhost, auth = credentials(), raw = false, signal } = {}) {
  const headers = { 'Accept': 'application/json' };
  if (auth) headers['Authorization'] = `Basic ${auth}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (vhost !== undefined && vhost !== null && vhost !== '') headers['x-vhost'] = vhost;
  let res;
  try {
    res = await fetch(`api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'the broker did not answer (' + e.message + ')');
  }
  if (res.status === 204 || res.status === 201) return null;
  const text = await res.text();
  if (!res.ok) {
    let error = `HTTP ${res.status}`, reason = text;
    try { const j = JSON.parse(text); error = j.error || error; reason = j.reason || ''; } catch (_) { /* not JSON */ }
    const err = new ApiError(res.status, error, reason);
    if (res.status === 401 && auth === credentials() && loginRefused(err)) onUnauthorized(err);
    throw err;
  }
  if (raw) return text;
  return text ? JSON.parse(text) : null;
}
