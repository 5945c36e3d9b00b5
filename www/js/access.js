// @ts-check
// What the signed-in user may do with imagetags in a namespace, asked of the server before a button is shown:
// one SelfSubjectAccessReview (authorization.k8s.io/v1, as `kubectl auth can-i` and the OpenShift console ask)
// per namespace and verb, kept for the session of one base URL and token. A server that does not answer
// reviews (404, or 403 for the review itself) leaves every action enabled: the write then gets the server's
// own answer, a 403 with its message included.
import { setReadOnly } from './connection.js';

/** @typedef {'create' | 'update' | 'patch' | 'delete'} WriteVerb */
/**
 * `allowed` null: unknown (the server did not answer the review); the action stays enabled.
 * @typedef {{ allowed: boolean | null, reason: string }} Access
 */

/** @type {readonly WriteVerb[]} */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete'];

/** @type {Map<string, Promise<Access>>} */
const reviews = new Map();

/** Forgets every answer (the settings changed). */
export function forgetAccess() {
  reviews.clear();
  setReadOnly('');
}

/**
 * The server's review of `verb` on imagetags in `namespace` ('' = all namespaces).
 * @param {import('./types').App} app
 * @param {string} namespace
 * @param {WriteVerb} verb
 * @returns {Promise<Access>}
 */
export function review(app, namespace, verb) {
  const key = JSON.stringify([app.base, app.conn.token, namespace, verb]);
  let p = reviews.get(key);
  if (!p) {
    p = ask(app, namespace, verb);
    reviews.set(key, p);
  }
  return p;
}

/**
 * @param {import('./types').App} app
 * @param {string} namespace
 * @param {WriteVerb} verb
 * @returns {Promise<Access>}
 */
async function ask(app, namespace, verb) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (app.conn.token) headers.Authorization = `Bearer ${app.conn.token}`;
  const body = {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    spec: { resourceAttributes: { namespace, verb, group: 'image.openshift.io', resource: 'imagetags' } },
  };
  try {
    const res = await fetch(`${app.base}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(app.conn.timeoutMs > 0 ? app.conn.timeoutMs : 30000),
    });
    if (!res.ok) return { allowed: null, reason: '' };
    /** @type {{ status?: { allowed?: unknown, denied?: unknown, reason?: unknown } }} */
    const answer = await res.json();
    const s = answer?.status;
    if (typeof s?.allowed !== 'boolean') return { allowed: null, reason: '' };
    return { allowed: s.allowed && s.denied !== true, reason: typeof s.reason === 'string' ? s.reason : '' };
  } catch {
    // Unreachable or not JSON: the requests of the view say so; the actions stay as the server will decide.
    return { allowed: null, reason: '' };
  }
}

/**
 * Why `verb` is refused ('' when it may be done or nobody knows): the server's reason, else a sentence.
 * @param {Access} access
 * @param {WriteVerb} verb
 * @param {string} namespace
 */
export function refusal(access, verb, namespace) {
  if (access.allowed !== false) return '';
  const where = namespace ? `in namespace "${namespace}"` : 'in any namespace';
  const who = 'This user';
  return access.reason
    ? `${who} cannot ${verb} imagetags ${where}: ${access.reason}`
    : `${who} cannot ${verb} imagetags ${where} (the server's access review says no)`;
}

/**
 * Why each write is refused in `namespace` (verb → '' when allowed or unknown). Also tells the connection
 * status whether this user may only read there.
 * @param {import('./types').App} app
 * @param {string} namespace
 * @returns {Promise<Record<WriteVerb, string>>}
 */
export async function refusals(app, namespace) {
  const answers = await Promise.all(WRITE_VERBS.map((v) => review(app, namespace, v)));
  /** @type {Record<WriteVerb, string>} */
  const out = { create: '', update: '', patch: '', delete: '' };
  WRITE_VERBS.forEach((v, i) => {
    out[v] = refusal(answers[i], v, namespace);
  });
  setReadOnly(
    answers.every((a) => a.allowed === false)
      ? `this user may read but not change imagetags ${namespace ? `in namespace "${namespace}"` : 'across all namespaces'}`
      : '',
  );
  return out;
}

/**
 * Turns an action on or off: a button is disabled, a link loses its `href` and says `aria-disabled`. The
 * title says why it is off (`why`), else what it does (`title`).
 * @param {HTMLElement} el
 * @param {boolean} on
 * @param {{ why?: string, title?: string, href?: string }} [o] `href`: the link's target when on
 */
export function enableAction(el, on, { why = '', title = '', href = '' } = {}) {
  if (el instanceof HTMLButtonElement) el.disabled = !on;
  else if (on) {
    el.setAttribute('href', href);
    el.removeAttribute('aria-disabled');
  } else {
    el.removeAttribute('href');
    el.setAttribute('aria-disabled', 'true');
  }
  const t = (!on && why) || title;
  if (t) el.title = t;
  else el.removeAttribute('title');
  if (why && !on) el.dataset.denied = 'true';
  else delete el.dataset.denied;
}
