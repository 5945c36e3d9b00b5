// @ts-check
// Tiny DOM helpers: every string goes in as text, never as markup.

/** @typedef {import('./types').Child} Child */
/**
 * Attributes and properties of `h`: `class`, `dataset`, `on<Event>` listeners, the properties `value`,
 * `checked`, `selected`, `disabled`; any other key is an attribute (`true` → present, null/false → absent).
 * @typedef {Record<string, unknown>} Props
 */

/**
 * h('a', { href, class, onClick }, child, ...): creates an element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled')
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/**
 * Appends children (text for anything not a node; nested arrays flattened; null, undefined, false skipped).
 * @template {Element | DocumentFragment} E
 * @param {E} el
 * @param {readonly Child[]} children
 * @returns {E}
 */
export function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || typeof child === 'boolean') continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @returns {E}
 */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/**
 * Replaces the children of `el` with `children`.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

/**
 * A `<time>` element: absolute title, relative or absolute text.
 * @param {string | null | undefined} iso
 * @param {string} [text]
 */
export function timeEl(iso, text) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  return h('time', { datetime: iso, title: Number.isNaN(d.getTime()) ? iso : d.toUTCString() }, text ?? iso);
}

/**
 * A description list from [label, value] pairs; empty values are skipped.
 * @param {Array<[string, Child]>} pairs
 * @param {string} [cls]
 */
export function dl(pairs, cls = 'props') {
  const list = h('dl', { class: cls });
  for (const [label, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    list.append(h('dt', null, label), h('dd', null, value));
  }
  return list;
}

/**
 * @param {string} text
 * @param {string} [cls]
 */
export function badge(text, cls) {
  return h('span', { class: `badge ${cls || ''}`.trim() }, text);
}

/**
 * Parses an SVG string into a node of this document (no innerHTML); null if it does not parse.
 * @param {string} text
 * @returns {SVGSVGElement | null}
 */
export function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror') || doc.documentElement.localName !== 'svg') return null;
  return /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.importNode(doc.documentElement, true)));
}
