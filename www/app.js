// The imagetag demo: a small console for ImageTags built only on the package's browser entry.
import { h, fill } from './js/dom.js';
import { loadPackage, pkg, has, missing, loadError } from './js/pkg.js';
import { loadConnection, saveConnection, resetConnection, effectiveBase, DEFAULTS } from './js/settings.js';
import { renderList } from './js/list.js';
import { renderTag } from './js/tag.js';
import { renderForm } from './js/form.js';

const main = document.getElementById('main');
const banner = document.getElementById('banner');

const app = {
  conn: loadConnection(),
  client: null,
  /** Tags from the last list, by "namespace/name", so a tag view can show something at once. */
  cache: new Map(),
  /** The list view's filters, kept across navigation. */
  listState: { namespace: '', filter: '' },
  /** One-shot message shown by the next view (after a create, a delete, ...). */
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

function makeClient() {
  if (app.client && typeof app.client.free === 'function') {
    try {
      app.client.free();
    } catch {
      /* already freed */
    }
  }
  app.client = null;
  if (!has('ImageTagClient')) return;
  const options = { baseUrl: app.conn.baseUrl || '', timeoutMs: app.conn.timeoutMs };
  if (app.conn.token) options.token = app.conn.token;
  try {
    app.client = new pkg.ImageTagClient(options);
  } catch (e) {
    showBanner(`The connection settings were refused: ${e.message}`, 'error');
  }
}

function showBanner(text, kind = 'warn') {
  banner.hidden = false;
  banner.className = `banner banner-${kind}`;
  fill(banner, text);
}

// Connection settings form.
const connForm = document.getElementById('conn-form');
const connTarget = document.getElementById('conn-target');
function showConnection() {
  connForm.baseUrl.value = app.conn.baseUrl;
  connForm.token.value = app.conn.token;
  connForm.timeoutMs.value = String(app.conn.timeoutMs);
  connTarget.textContent = `${app.conn.baseUrl || location.origin}${app.conn.token ? ' · token set' : ''}`;
}
connForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const timeout = Number(connForm.timeoutMs.value);
  app.conn = {
    baseUrl: connForm.baseUrl.value.trim().replace(/\/+$/, ''),
    token: connForm.token.value.trim(),
    timeoutMs: Number.isFinite(timeout) && timeout >= 0 ? timeout : DEFAULTS.timeoutMs,
  };
  saveConnection(app.conn);
  makeClient();
  showConnection();
  document.getElementById('connection').open = false;
  app.cache.clear();
  app.setFlash(`Connected to ${app.base}.`);
  app.navigate('#/');
});
document.getElementById('conn-reset').addEventListener('click', () => {
  resetConnection();
  app.conn = loadConnection();
  showConnection();
});

// Router: #/ (list), #/tag/<ns>/<name>, #/new, #/edit/<ns>/<name>.
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
  const ctx = { app, main, signal: current.signal, query };
  const view = parts[0] || 'list';
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === view || (view === 'tag' && a.dataset.nav === 'list')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let p;
  if (view === 'tag' && parts.length >= 3) p = renderTag(ctx, parts[1], parts.slice(2).join('/'));
  else if (view === 'new') p = renderForm(ctx, null, null);
  else if (view === 'edit' && parts.length >= 3) p = renderForm(ctx, parts[1], parts.slice(2).join('/'));
  else p = renderList(ctx);
  Promise.resolve(p).catch((e) => {
    if (ctx.signal.aborted) return;
    fill(
      main,
      h(
        'div',
        { class: 'error-box', role: 'alert' },
        h('h3', null, 'The page failed'),
        h('p', null, String(e?.message || e)),
      ),
    );
  });
}

async function start() {
  showConnection();
  await loadPackage();
  const info = document.getElementById('build-info');
  if (loadError) {
    showBanner(
      `The imagetag package could not be loaded from ./pkg/ (${loadError.message}). Build it with "bash scripts/build.sh" (or "npm start").`,
      'error',
    );
    info.textContent = 'package: not loaded';
  } else {
    const gaps = missing();
    if (gaps.length)
      showBanner(
        `This build of the package lacks ${gaps.join(', ')}: the parts of the page that need them say "not available in this build".`,
        'warn',
      );
    info.textContent = `imagetag package loaded${gaps.length ? ` · missing: ${gaps.join(', ')}` : ' · all features available'}`;
  }
  // The package's stylesheet for its history renderers ships with them; link it only when they exist.
  if (has('renderTagHistoryHtml') || has('renderTagHistoryInto')) {
    document.head.append(h('link', { rel: 'stylesheet', href: './pkg/imagetag-history.css', id: 'history-css' }));
  }
  makeClient();
  window.addEventListener('hashchange', route);
  route();
  document.documentElement.dataset.ready = 'true';
}

start();
