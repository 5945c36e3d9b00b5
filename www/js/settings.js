// Connection settings (base URL, bearer token, timeout), remembered in localStorage.
const KEY = 'imagetag-demo.connection';

export const DEFAULTS = Object.freeze({ baseUrl: '', token: '', timeoutMs: 30000 });

export function loadConnection() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    saved = {};
  }
  return {
    baseUrl: typeof saved.baseUrl === 'string' ? saved.baseUrl : DEFAULTS.baseUrl,
    token: typeof saved.token === 'string' ? saved.token : DEFAULTS.token,
    timeoutMs: Number.isFinite(saved.timeoutMs) ? saved.timeoutMs : DEFAULTS.timeoutMs,
  };
}

export function saveConnection(conn) {
  try {
    localStorage.setItem(KEY, JSON.stringify(conn));
  } catch {
    /* private mode: settings last for this page only */
  }
}

export function resetConnection() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
}

/** The base URL the client will really use ('' = this page's origin). */
export function effectiveBase(conn) {
  return (conn.baseUrl || location.origin).replace(/\/+$/, '');
}
