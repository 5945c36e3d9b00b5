// Tiny DOM helpers: every string goes in as text, never as markup.

/** h('a', { href, class, onClick }, child, ...): creates an element. */
export function h(tag, props, ...children) {
  const el =
    tag.includes(':') || tag === 'svg'
      ? document.createElementNS('http://www.w3.org/2000/svg', tag)
      : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') el[key] = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the children of `el` with `children`. */
export function fill(el, ...children) {
  clear(el);
  return append(el, children);
}

/** A `<time>` element: absolute title, relative or absolute text. */
export function timeEl(iso, text) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  return h('time', { datetime: iso, title: Number.isNaN(d) ? iso : d.toUTCString() }, text ?? iso);
}

/** A description list from [label, value] pairs; empty values are skipped unless `keepEmpty`. */
export function dl(pairs, cls = 'props') {
  const list = h('dl', { class: cls });
  for (const [label, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    list.append(h('dt', null, label), h('dd', null, value));
  }
  return list;
}

export function badge(text, cls) {
  return h('span', { class: `badge ${cls || ''}`.trim() }, text);
}

/** Parses an SVG string into a node of this document (no innerHTML); null if it does not parse. */
export function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  if (doc.querySelector('parsererror') || doc.documentElement.localName !== 'svg') return null;
  return document.importNode(doc.documentElement, true);
}

/** Parses an HTML fragment the package rendered (documented as escaped, script-free) via a template. */
export function htmlFragment(text) {
  const t = document.createElement('template');
  t.innerHTML = text;
  return t.content;
}
