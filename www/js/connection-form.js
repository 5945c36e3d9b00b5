// @ts-check
// The Connection menu of the header: the settings form, and the status of the last request (a dot and
// words in the summary, the whole cause inside).
import { connectionStatus, onConnectionStatus, statusWords } from './connection.js';
import { DEFAULTS } from './settings.js';

/** @typedef {import('./types').Connection} Connection */

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

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
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
    show();
  });
  show();
  const s = connectionStatus();
  dot.dataset.state = s.state;
}
