// A stand-in for the OpenShift console's `consoleFetch(url, options, timeout)` (the SDK's
// utils/fetch/console-fetch: validateStatus and consoleFetchCommon), faithful in what a client of it meets:
// - `options.headers` is a plain object (the console writes into it: a Headers instance would not carry it);
// - every request but GET carries `X-CSRFToken` from the `csrf-token` cookie;
// - a non-2xx answer rejects with an `HttpError` (`message`, `code` = status, `response`, and `json` when the
//   body is JSON: the console reads the body to build its message, so `response.bodyUsed` is then true);
// - the third argument is a timeout (default 60 s) that rejects with a `TimeoutError` and no response.
// Plain ES module without Node.js imports: the Node test and the browser page of tests/plugin both use it.

export class HttpError extends Error {
  constructor(message, code, response, json) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.response = response;
    this.json = json;
  }
}

export class TimeoutError extends Error {
  constructor(url, ms) {
    super(`Call to ${url} timed out after ${ms}ms.`);
    this.name = 'TimeoutError';
  }
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

function csrfToken(cookie) {
  const m = /(?:^|;\s*)csrf-token=([^;]*)/.exec(cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

async function validateStatus(response) {
  if (response.ok) return response;
  const contentType = response.headers.get('content-type');
  if (!contentType?.includes('json')) {
    throw new HttpError(response.statusText, response.status, response);
  }
  const json = await response.json();
  if (response.status === 403) {
    throw new HttpError(json.message || 'Access denied due to cluster policy.', response.status, response, json);
  }
  const cause = json.details?.causes?.[0];
  const reason = (cause && `Error "${cause.message}" for field "${cause.field}".`) || json.message || json.error;
  throw new HttpError(reason || response.statusText, response.status, response, json);
}

/**
 * Returns `{ consoleFetch, calls }`; `calls` records what reached the network (`{ url, method, headers }`).
 * `fetch` is the network (default: the global one), `cookie()` the page's cookies (default: document.cookie).
 */
export function makeConsoleFetch({ fetch = globalThis.fetch, cookie = () => globalThis.document?.cookie ?? '' } = {}) {
  const calls = [];
  const consoleFetch = (url, options = {}, timeout = 60000) => {
    if (options.headers !== undefined && !isPlainObject(options.headers)) {
      return Promise.reject(new TypeError('consoleFetch stand-in: options.headers must be a plain object'));
    }
    const all = { credentials: 'same-origin', method: 'GET', ...options, headers: { ...options.headers } };
    if (all.method !== 'GET') all.headers['X-CSRFToken'] = csrfToken(cookie());
    calls.push({ url, method: all.method, headers: all.headers });
    const fetching = fetch(url, all).then(validateStatus);
    if (timeout <= 0) return fetching;
    let timer;
    const timing = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(url, timeout)), timeout);
    });
    return Promise.race([fetching, timing]).finally(() => clearTimeout(timer));
  };
  return { consoleFetch, calls };
}
