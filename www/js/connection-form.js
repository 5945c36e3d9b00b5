// @ts-check
// The Connection menu of the header: the settings form, and the status of the last request (a dot and
// words in the summary, the whole cause inside).
import { connectionStatus, onConnectionStatus, statusWords } from './connection.js';
import { DEFAULTS } from './settings.js';

/** @typedef {import('./types').Connection} Connection */

/**
 * What is wrong with a base URL ('' when nothing): empty (this page's origin) or an absolute http(s) URL.
 * @param {string} text
 */
export function baseUrlProblem(text) {
  if (!text) return '';
  /** @type {URL} */
  let url;
  try {
    url = new URL(text);
  } catch {
    return 'Not a URL. Write it whole, with http:// or https:// (for example http://127.0.0.1:8080).';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `Write the scheme: http://${text} or https://${text} (this reads as a URL of scheme "${url.protocol.slice(0, -1)}").`;
  if (url.search || url.hash) return 'The base URL takes no ?query or #fragment.';
  return '';
}

/**
 * What is wrong with a timeout ('' when nothing): a whole number of milliseconds, 0 for none.
 * @param {string} text
 */
export function timeoutProblem(text) {
  if (!text.trim()) return '';
  const ms = Number(text);
  return Number.isInteger(ms) && ms >= 0 ? '' : 'A whole number of milliseconds (0: no timeout).';
}

/**
 * @template {Element} E
 * @param {string} selector
 * @param {{ new (): E }} type
 * @returns {E}
 */
function need(selector, type) {
  const el = document.querySelector(selector);
  if (!(el instanceof type)) throw new Error(`index.html has no ${selector}`);
  return el;
}

/**
 * Wires the form to `actions` and keeps the header's status current.
 * @param {import('./types').App} app
 * @param {{ save(conn: Connection): void, reset(): void }} actions
 */
export function connectionForm(app, actions) {
  const menu = need('#connection', HTMLDetailsElement);
  const form = need('#conn-form', HTMLFormElement);
  const baseUrl = need('#conn-base', HTMLInputElement);
  const token = need('#conn-token', HTMLInputElement);
  const timeout = need('#conn-timeout', HTMLInputElement);
  const target = need('#conn-target', HTMLElement);
  const dot = need('#connection .conn-dot', HTMLElement);
  const stateText = need('#conn-state', HTMLElement);
  const statusLine = need('#conn-status', HTMLElement);
  const baseMsg = need('#conn-base-msg', HTMLElement);
  const timeoutMsg = need('#conn-timeout-msg', HTMLElement);

  /**
   * Shows `problem` next to `input`; true when there is one.
   * @param {HTMLInputElement} input
   * @param {HTMLElement} msg
   * @param {string} problem
   */
  function mark(input, msg, problem) {
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    msg.textContent = problem;
    msg.className = problem ? 'field-msgs msg msg-error' : 'field-msgs';
    return !!problem;
  }

  function show() {
    baseUrl.value = app.conn.baseUrl;
    token.value = app.conn.token;
    timeout.value = String(app.conn.timeoutMs);
    target.textContent = `${app.base}${app.conn.token ? ' · token set' : ''}`;
  }

  onConnectionStatus((s) => {
    dot.dataset.state = s.state;
    stateText.textContent = statusWords({ state: s.state, detail: '' });
    statusLine.textContent = `${statusWords(s)} (${app.base})`;
    statusLine.dataset.state = s.state;
  });

  baseUrl.addEventListener('change', () => mark(baseUrl, baseMsg, baseUrlProblem(baseUrl.value.trim())));
  timeout.addEventListener('change', () => mark(timeout, timeoutMsg, timeoutProblem(timeout.value)));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const badBase = mark(baseUrl, baseMsg, baseUrlProblem(baseUrl.value.trim()));
    const badTimeout = mark(timeout, timeoutMsg, timeoutProblem(timeout.value));
    if (badBase || badTimeout) {
      (badBase ? baseUrl : timeout).focus();
      return;
    }
    const ms = Number(timeout.value);
    actions.save({
      baseUrl: baseUrl.value.trim().replace(/\/+$/, ''),
      token: token.value.trim(),
      timeoutMs: timeout.value.trim() && Number.isFinite(ms) && ms >= 0 ? ms : DEFAULTS.timeoutMs,
    });
    show();
    menu.open = false;
  });
  need('#conn-reset', HTMLButtonElement).addEventListener('click', () => {
    // The menu stays open: the reader sees the defaults and the status of the reconnection.
    actions.reset();
    mark(baseUrl, baseMsg, '');
    mark(timeout, timeoutMsg, '');
    show();
  });
  show();
  const s = connectionStatus();
  dot.dataset.state = s.state;
}
