// @ts-check
// Connection settings (base URL, bearer token, timeout), remembered in localStorage.
const KEY = 'imagetag-demo.connection';

/** @typedef {import('./types').Connection} Connection */

/** @type {Readonly<Connection>} */
export const DEFAULTS = Object.freeze({ baseUrl: '', token: '', timeoutMs: 30000 });

/** @returns {Connection} */
export function loadConnection() {
  /** @type {Partial<Connection>} */
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    saved = {};
  }
  return {
    baseUrl: typeof saved.baseUrl === 'string' ? saved.baseUrl : DEFAULTS.baseUrl,
    token: typeof saved.token === 'string' ? saved.token : DEFAULTS.token,
    timeoutMs:
      typeof saved.timeoutMs === 'number' && Number.isFinite(saved.timeoutMs) ? saved.timeoutMs : DEFAULTS.timeoutMs,
  };
}

/** @param {Connection} conn */
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

/**
 * The base URL the client will really use ('' = this page's origin).
 * @param {Connection} conn
 */
export function effectiveBase(conn) {
  return (conn.baseUrl || location.origin).replace(/\/+$/, '');
}
