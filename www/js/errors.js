// @ts-check
// Shows any failure plainly: server errors with reason, message and every cause; network errors and
// timeouts in words; the client's own pre-submit refusal with its causes.
import { h } from './dom.js';

/** @typedef {Partial<import('imagetag').ImageTagError>} ErrorLike */

/** @param {import('imagetag').StatusCause[] | null | undefined} causes */
function causesTable(causes) {
  if (!Array.isArray(causes) || !causes.length) return null;
  return h(
    'table',
    { class: 'causes' },
    h('caption', null, `${causes.length} cause${causes.length === 1 ? '' : 's'}`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Field'),
        h('th', { scope: 'col' }, 'Reason'),
        h('th', { scope: 'col' }, 'Message'),
      ),
    ),
    h(
      'tbody',
      null,
      causes.map((c) =>
        h(
          'tr',
          { class: 'cause' },
          h('td', null, h('code', null, c.field || '(none)')),
          h('td', null, c.reason || String(c.type ?? '')),
          h('td', null, c.message || ''),
        ),
      ),
    ),
  );
}

/** Opens the Connection menu at its token field. */
function openTokenField() {
  const menu = document.getElementById('connection');
  if (menu instanceof HTMLDetailsElement) menu.open = true;
  document.getElementById('conn-token')?.focus();
}

/**
 * A short title for an error, by its stable code.
 * @param {ErrorLike | null | undefined} err
 * @param {string} [base]
 */
export function errorTitle(err, base) {
  switch (err?.code) {
    case 'api':
      return `The server refused: ${err.status ?? ''} ${err.reason || ''}`.trim();
    case 'invalid':
      return 'Not sent: the validator found errors';
    case 'network':
      return `Network error: could not reach ${base || 'the server'}`;
    case 'timeout':
      return 'The request timed out';
    case 'aborted':
      return 'The request was cancelled';
    case 'parse':
      return 'The server sent something that is not JSON';
    case 'schema':
      return 'The server sent an object of an unexpected shape';
    default:
      return 'Something went wrong';
  }
}

/**
 * An alert box for `err` (an ImageTagError or any Error). `what` says what was being done
 * ("Loading the list"), `base` is the API base URL for network errors.
 * @param {unknown} thrown
 * @param {{ what?: string, base?: string, onRetry?: () => void }} [options]
 */
export function errorBox(thrown, { what, base, onRetry } = {}) {
  const err = /** @type {ErrorLike | null | undefined} */ (thrown);
  const status = err?.kubeStatus || null;
  const details = err?.details || status?.details || null;
  const causes = err?.code === 'invalid' ? err.causes : details?.causes;
  const box = h(
    'div',
    { class: `error-box error-${err?.code || 'other'}`, role: 'alert', dataset: { code: err?.code || '' } },
    h('h3', { class: 'error-title' }, what ? `${what} failed. ` : '', errorTitle(err, base)),
    h('p', { class: 'error-message' }, err?.message || String(thrown)),
    err?.code === 'api'
      ? h(
          'dl',
          { class: 'props error-props' },
          h('dt', null, 'HTTP status'),
          h('dd', { class: 'error-status' }, String(err.status ?? '')),
          h('dt', null, 'Reason'),
          h('dd', { class: 'error-reason' }, err.reason || '(none)'),
          details?.kind
            ? [
                h('dt', null, 'Object'),
                h('dd', null, `${details.kind}${details.group ? `.${details.group}` : ''} "${details.name || ''}"`),
              ]
            : null,
          err.retryAfterSeconds != null
            ? [h('dt', null, 'Retry after'), h('dd', null, `${err.retryAfterSeconds} s`)]
            : null,
        )
      : null,
    err?.code === 'parse' && err.line ? h('p', null, `At line ${err.line}, column ${err.column}.`) : null,
    err?.code === 'schema' && err.path ? h('p', null, 'At ', h('code', null, err.path), '.') : null,
    err?.code === 'network'
      ? h(
          'p',
          { class: 'hint' },
          'Check the base URL under Connection, that the server runs, and (for another origin) that it sends CORS headers.',
        )
      : null,
    err?.code === 'api' && err.status === 401
      ? h(
          'p',
          { class: 'hint' },
          'The server wants a valid bearer token. ',
          h('button', { type: 'button', class: 'set-token', onClick: openTokenField }, 'Set a token'),
          ' under Connection (for a cluster: the output of ',
          h('code', null, 'oc whoami -t'),
          ').',
        )
      : null,
    err?.code === 'timeout'
      ? h('p', { class: 'hint' }, 'The server did not answer within the timeout set under Connection.')
      : null,
    causesTable(causes),
    onRetry ? h('p', null, h('button', { type: 'button', onClick: onRetry }, 'Try again')) : null,
  );
  return box;
}
