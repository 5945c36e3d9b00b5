// @ts-check
// Live views: a view follows `client.watch` (docs/js-api.md "Live updates") and shows its changes as they
// happen, with an indicator that says how the page learns them: live (the image streams' watch), polling
// (the server refused that watch; the client lists the tags every few seconds instead), reconnecting (with
// the attempt, the delay and why), or stopped.
import { h } from './dom.js';

/** How often the client lists the tags when the server refuses the watch (the demo's; the package's is 15 s). */
export const POLL_INTERVAL_MS = 5000;

/** @typedef {import('imagetag').ImageTag} ImageTag */
/** @typedef {import('imagetag').ImageTagEvent} ImageTagEvent */
/** @typedef {'connecting' | 'live' | 'polling' | 'reconnecting' | 'stopped'} LiveState */

/**
 * The indicator: a dot and words in a `role="status"` element (announced politely when the words change);
 * the details (the version the view is current at, or the error) in its title and, for an error, in text.
 */
export function liveIndicator() {
  const text = h('span', { class: 'live-text' });
  const detail = h('span', { class: 'live-detail' });
  const el = h(
    'p',
    { class: 'live', id: 'live-status', role: 'status', dataset: { live: 'connecting' } },
    h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
    text,
    detail,
  );
  /**
   * @param {LiveState} state
   * @param {string} words
   * @param {string} [title] shown on hover
   * @param {string} [why] an error message, shown as text too
   */
  function set(state, words, title = '', why = '') {
    el.dataset.live = state;
    if (text.textContent !== words) text.textContent = words;
    if (detail.textContent !== why) detail.textContent = why;
    el.title = title || words;
  }
  set('connecting', 'Connecting…', 'Starting the watch of image streams');
  return { el, set };
}

/**
 * Follows `client.watch(options)` until `signal` aborts (the view changed, the connection settings changed,
 * or the view started a new watch): each ADDED, MODIFIED or DELETED event goes to `onChange`; `onSynced`
 * runs when the current state has been delivered (the first time, and after every re-list or recovery);
 * the indicator follows the SYNCED and RECONNECTING events.
 * @param {import('imagetag').ImageTagClient} client
 * @param {import('imagetag').ImageTagWatchOptions} options
 * @param {AbortSignal} signal
 * @param {ReturnType<typeof liveIndicator>} indicator
 * @param {{ onChange: (e: { type: 'ADDED' | 'MODIFIED' | 'DELETED', object: ImageTag }) => void, onSynced?: (first: boolean) => void }} handlers
 */
export async function follow(client, options, signal, indicator, { onChange, onSynced }) {
  let synced = 0;
  try {
    for await (const e of client.watch({ ...options, signal, pollIntervalMs: POLL_INTERVAL_MS })) {
      if (signal.aborted) return;
      if (e.type === 'SYNCED') {
        if (e.mode === 'watch')
          indicator.set(
            'live',
            'Live',
            `Watching image streams: changes show as they happen (current at resourceVersion ${e.resourceVersion})`,
          );
        else
          indicator.set(
            'polling',
            `Polling every ${POLL_INTERVAL_MS / 1000} s`,
            `The server refused the watch of image streams: the page lists the tags every ${POLL_INTERVAL_MS / 1000} s instead`,
          );
        synced += 1;
        onSynced?.(synced === 1);
      } else if (e.type === 'RECONNECTING') {
        const why = e.error?.message || String(e.error);
        indicator.set(
          'reconnecting',
          `Reconnecting (attempt ${e.attempt}, in ${formatDelay(e.delayMs)})`,
          `The connection for live updates failed: ${why}`,
          why,
        );
      } else {
        onChange(e);
      }
    }
  } catch (e) {
    if (signal.aborted) return;
    const why = e instanceof Error ? e.message : String(e);
    indicator.set('stopped', 'Live updates stopped', `The watch ended: ${why}`, why);
  }
}

/** @param {number} ms */
function formatDelay(ms) {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
