// @ts-check
// Relative ages that stay true while the page is open: every `[data-ago]` element is rewritten once a
// second from its RFC 3339 time, and views register their own once-a-second work (the list's Updated
// column) for as long as they are shown.
import { timeEl } from './dom.js';
import { ago } from './format.js';

/** @type {Set<() => void>} */
const work = new Set();
let started = false;

function tick() {
  refreshAges(document);
  for (const f of work) f();
}

/**
 * Runs `f` once a second until `signal` aborts.
 * @param {AbortSignal} signal
 * @param {() => void} f
 */
export function everySecond(signal, f) {
  if (signal.aborted) return;
  work.add(f);
  signal.addEventListener('abort', () => work.delete(f));
}

/** Starts the once-a-second rewrite (app start-up). */
export function startAges() {
  if (started) return;
  started = true;
  setInterval(tick, 1000);
}

/**
 * A `<time>` whose text is "<age> ago" and stays so.
 * @param {string} iso
 */
export function ageEl(iso) {
  const el = timeEl(iso, ago(iso));
  if (iso) el.dataset.ago = iso;
  return el;
}

/**
 * Rewrites the ages under `root`.
 * @param {ParentNode} root
 */
export function refreshAges(root) {
  for (const el of root.querySelectorAll('[data-ago]')) {
    if (!(el instanceof HTMLElement) || !el.dataset.ago) continue;
    const text = ago(el.dataset.ago);
    if (el.textContent !== text) el.textContent = text;
  }
}

/**
 * Marks the Age cells of the package's history table (each row's `<time datetime>` is its entry's time),
 * so they tick with the rest and read as the page's other ages.
 * @param {ParentNode} table
 */
export function tickingHistoryAges(table) {
  for (const row of table.querySelectorAll('tr.imagetag-entry')) {
    const time = row.querySelector('time[datetime]');
    const cell = row.querySelector('.imagetag-col-age');
    const iso = time?.getAttribute('datetime');
    if (cell instanceof HTMLElement && iso) cell.dataset.ago = iso;
  }
  refreshAges(table);
}
