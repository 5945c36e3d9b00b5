// @ts-check
// Formatting used by the page, all through the package (describeTag, humanDuration, shortDigest).
import { pkg } from './pkg.js';

/** @typedef {import('imagetag').TagDescription} TagDescription */
/** @typedef {import('imagetag').ImageTag} ImageTag */

/**
 * Sizes as oc prints them: decimal SI, 4 significant digits, no space (58.2MB, 796kB).
 * @param {unknown} bytes
 */
export function formatSize(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

/**
 * `sha256:` and the first `length` hex digits, by the package's shortDigest.
 * @param {string | null | undefined} digest
 * @param {number} [length]
 */
export function shortDigest(digest, length = 12) {
  return digest ? pkg.shortDigest(digest, length) : '';
}

/**
 * A duration for the middle of a sentence: the package's humanDuration with its capitalised forms
 * ("Less than a second", "About a minute", docs/semantics.md §4.4) in lower case.
 * @param {number} seconds
 */
export function duration(seconds) {
  return lowerFirst(pkg.humanDuration(seconds));
}

/**
 * The package's relative-time phrases for the middle of a sentence ("Less than a second ago" → "less …").
 * @param {string} text
 */
export function lowerFirst(text) {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * "44 hours ago" from an RFC 3339 time (the text itself when it is not one).
 * @param {string | null | undefined} iso
 * @param {number} [now] epoch milliseconds
 */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${duration(Math.max(0, Math.floor((now - t) / 1000)))} ago`;
}

/**
 * camelCase state of describeTag → the kebab-case word of the package's CSS classes.
 * @param {string | null | undefined} state
 */
export function stateClass(state) {
  return String(state || 'unknown').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The package's description of a tag. Throws what describeTag throws: callers show it as an error.
 * @param {ImageTag} tag
 * @returns {TagDescription}
 */
export function describe(tag) {
  return pkg.describeTag(tag);
}
