// @ts-check
// What the last request to the API found, shown in the header: connected, unreachable (with the cause),
// unauthorized, forbidden, read-only (connected, but the access reviews of js/access.js say this user may
// not write in the namespace shown), or not an imagetags API. Every request of the client goes through `observedFetch`, so the
// status follows the answers themselves, not the settings.

/**
 * `checking`: nothing has answered since the settings changed (words: "Not checked yet").
 * `forbidden`: the last answer was a 403 (the user is known, the request is not theirs to make).
 * `read-only`: connected, and this user may not create, change or delete imagetags where the page looks.
 * @typedef {'checking' | 'connected' | 'read-only' | 'unreachable' | 'unauthorized' | 'forbidden' | 'not-api'} ConnectionState
 * @typedef {{ state: ConnectionState, detail: string }} ConnectionStatus
 */

/** @type {Record<ConnectionState, string>} */
const WORDS = {
  checking: 'Not checked yet',
  connected: 'Connected',
  'read-only': 'Connected, read-only',
  unreachable: 'Unreachable',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-api': 'Not an imagetags API',
};

/** @type {ConnectionStatus} */
let status = { state: 'checking', detail: '' };
/** @type {Set<(s: ConnectionStatus) => void>} */
const listeners = new Set();

/** Why this user may only read ('' when they may write, or nobody knows); see js/access.js. */
let readOnly = '';

/**
 * Says whether the user may only read (`why` non-empty) where the page looks; a connected status follows.
 * @param {string} why
 */
export function setReadOnly(why) {
  readOnly = why;
  if (status.state === 'connected' || status.state === 'read-only')
    setConnectionStatus(why ? 'read-only' : 'connected', why);
}

/** @returns {ConnectionStatus} */
export function connectionStatus() {
  return status;
}

/** @param {(s: ConnectionStatus) => void} f */
export function onConnectionStatus(f) {
  listeners.add(f);
}

/**
 * @param {ConnectionState} state
 * @param {string} [detail]
 */
export function setConnectionStatus(state, detail = '') {
  status = { state, detail };
  for (const f of listeners) f(status);
}

/** @param {ConnectionStatus} s */
export function statusWords(s) {
  return s.detail ? `${WORDS[s.state]}: ${s.detail}` : WORDS[s.state];
}

/**
 * What one answer says about the server. An imagetags API answers every path of the client with JSON; a
 * 404 naming no object means the path is not served there (a missing tag's 404 names its kind in
 * `details`; a list never answers 404).
 * @param {Response} res
 * @returns {Promise<ConnectionStatus>}
 */
async function judge(res) {
  const type = res.headers.get('content-type') || '';
  if (res.status === 401) return { state: 'unauthorized', detail: 'the server wants a valid bearer token (HTTP 401)' };
  if (res.status === 403 && /json/i.test(type)) {
    /** @type {{ message?: string } | null} */
    let body = null;
    try {
      body = await res.clone().json();
    } catch {
      body = null;
    }
    return { state: 'forbidden', detail: body?.message || 'the server refused this request to this user (HTTP 403)' };
  }
  if (!/json/i.test(type))
    return { state: 'not-api', detail: `HTTP ${res.status} with ${type.split(';')[0] || 'no content type'}` };
  if (res.status === 404) {
    /** @type {{ details?: { kind?: string } } | null} */
    let body = null;
    try {
      body = await res.clone().json();
    } catch {
      body = null;
    }
    if (!body?.details?.kind) return { state: 'not-api', detail: 'HTTP 404: the server does not serve this path' };
  }
  return readOnly ? { state: 'read-only', detail: readOnly } : { state: 'connected', detail: '' };
}

/**
 * A `fetch` for the client (docs/js-api.md, `fetch`) that records what each answer says.
 * @param {number} timeoutMs the client's timeout, to tell its abort from the caller's
 * @returns {import('imagetag').FetchLike}
 */
export function observedFetch(timeoutMs) {
  return async (url, init) => {
    const started = Date.now();
    try {
      const res = await fetch(url, init);
      // The watch (js/live.js) asks for image streams first and, refused (403, 404, 405), polls the imagetags
      // instead: that refusal says nothing about the connection (the live indicator says "polling").
      if (
        [403, 404, 405].includes(res.status) &&
        new URL(String(url), location.href).pathname.endsWith('/imagestreams')
      )
        return res;
      const s = await judge(res);
      setConnectionStatus(s.state, s.detail);
      return res;
    } catch (e) {
      const err = /** @type {Error} */ (e);
      if (err?.name === 'AbortError') {
        if (timeoutMs > 0 && Date.now() - started >= timeoutMs - 20)
          setConnectionStatus('unreachable', `no answer within ${timeoutMs} ms`);
      } else {
        setConnectionStatus(
          'unreachable',
          `${err?.message || err} (nothing listens there, the name does not resolve, or CORS refused it)`,
        );
      }
      throw e;
    }
  };
}
