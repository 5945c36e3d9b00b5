// @ts-check
// The imagetag demo: a small console for ImageTags built only on the package's browser entry.
import { h, fill } from './js/dom.js';
import { loadPackage, pkg } from './js/pkg.js';
import { loadConnection, saveConnection, resetConnection, effectiveBase } from './js/settings.js';
import { connectionForm } from './js/connection-form.js';
import { observedFetch, setConnectionStatus } from './js/connection.js';
import { forgetAccess } from './js/access.js';
import { renderList } from './js/list.js';
import { renderTag } from './js/tag.js';
import { renderForm } from './js/form.js';
import { errorBox } from './js/errors.js';
import { startAges } from './js/ages.js';

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

const main = byId('main');
const banner = byId('banner');

/** @type {import('./js/types').App} */
const app = {
  conn: loadConnection(),
  client: null,
  cache: new Map(),
  listState: { namespace: '', filter: '', sort: '', descending: false },
  flash: null,
  get base() {
    return effectiveBase(this.conn);
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  setFlash(text, kind = 'ok') {
    this.flash = { text, kind };
  },
};

/**
 * A client for the current settings; the status says "checking" until its first answer. The view of the
 * old client ends first (its watch closes its connection).
 */
function connect() {
  current?.abort();
  app.client?.free();
  app.client = null;
  app.cache.clear();
  hideBanner();
  setConnectionStatus('checking');
  forgetAccess();
  /** @type {import('imagetag').ImageTagClientOptions} */
  const options = {
    baseUrl: app.conn.baseUrl || '',
    timeoutMs: app.conn.timeoutMs,
    fetch: observedFetch(app.conn.timeoutMs),
  };
  if (app.conn.token) options.token = app.conn.token;
  try {
    app.client = new pkg.ImageTagClient(options);
  } catch (e) {
    showBanner(`The connection settings were refused: ${e instanceof Error ? e.message : e}`, 'error');
  }
}

/**
 * @param {string} text
 * @param {'warn' | 'error'} [kind]
 */
function showBanner(text, kind = 'warn') {
  banner.hidden = false;
  banner.className = `banner banner-${kind}`;
  fill(banner, text);
}

function hideBanner() {
  banner.hidden = true;
  fill(banner);
}

// Router: #/ (list), #/tag/<ns>/<name>, #/new, #/edit/<ns>/<name>.
/** @type {AbortController | null} */
let current = null;
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  return { parts, query: new URLSearchParams(query) };
}

function route() {
  if (current) current.abort();
  current = new AbortController();
  const { parts, query } = parseHash();
  const view = parts[0] || 'list';
  for (const a of document.querySelectorAll('a[data-nav]')) {
    if (!(a instanceof HTMLElement)) continue;
    if (a.dataset.nav === view || (view === 'tag' && a.dataset.nav === 'list')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!app.client) {
    fill(main, errorBox(new Error('There is no API client: the connection settings were refused.')));
    return;
  }
  /** @type {import('./js/types').ViewContext} */
  const ctx = { app, client: app.client, main, signal: current.signal, query };
  /** @type {Promise<void>} */
  let p;
  if (view === 'tag' && parts.length >= 3) p = renderTag(ctx, parts[1], parts.slice(2).join('/'));
  else if (view === 'new') p = renderForm(ctx, null, null);
  else if (view === 'edit' && parts.length >= 3) p = renderForm(ctx, parts[1], parts.slice(2).join('/'));
  else p = renderList(ctx);
  p.catch((e) => {
    if (ctx.signal.aborted) return;
    fill(main, errorBox(e, { what: 'Showing the page' }));
  });
}

async function start() {
  const info = byId('build-info');
  try {
    await loadPackage();
  } catch (e) {
    showBanner(
      `The imagetag package could not be loaded from ./pkg/ (${e instanceof Error ? e.message : e}). Build it with "bash scripts/build.sh" (or "npm start").`,
      'error',
    );
    info.textContent = 'package: not loaded';
    fill(main, errorBox(e, { what: 'Loading the imagetag package' }));
    document.documentElement.dataset.ready = 'true';
    return;
  }
  info.textContent = 'imagetag package loaded';
  document.head.append(h('link', { rel: 'stylesheet', href: './pkg/imagetag-history.css', id: 'history-css' }));
  connectionForm(app, {
    save(conn) {
      app.conn = conn;
      saveConnection(conn);
      connect();
      app.navigate('#/');
    },
    reset() {
      resetConnection();
      app.conn = loadConnection();
      connect();
      app.navigate('#/');
    },
  });
  connect();
  startAges();
  window.addEventListener('hashchange', route);
  route();
  document.documentElement.dataset.ready = 'true';
}

start();
