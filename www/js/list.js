// @ts-check
// The list of ImageTags: all namespaces or one, a text filter, the columns of the server's table
// (`oc get imagetags`), a state badge per tag, and a progress indicator while loading. The list is live:
// after the first list it follows `client.watch` (js/live.js), and every change shows as it happens.
import { h, fill, badge } from './dom.js';
import { describe, stateClass, shortDigest, lowerFirst } from './format.js';
import { everySecond } from './ages.js';
import { pkg } from './pkg.js';
import { plainWords } from './plain.js';
import { enableAction, refusals, review } from './access.js';
import { setReadOnly } from './connection.js';
import { follow, liveIndicator } from './live.js';

/** @typedef {import('imagetag').TagDescription} TagDescription */
/** @typedef {import('imagetag').ImageTag} ImageTag */

/** @param {ImageTag} t */
const keyOf = (t) => `${t.metadata?.namespace}/${t.metadata?.name}`;

/**
 * The server's list order (docs/semantics.md §2.5): namespace, then stream, then tag, in byte order.
 * @param {TagDescription} a
 * @param {TagDescription} b
 */
function listOrder(a, b) {
  const [sa, ta = ''] = splitName(a.name);
  const [sb, tb = ''] = splitName(b.name);
  return byBytes(a.namespace, b.namespace) || byBytes(sa, sb) || byBytes(ta, tb);
}

/** @param {string} name `<stream>:<tag>` */
function splitName(name) {
  const i = name.indexOf(':');
  return i < 0 ? [name] : [name.slice(0, i), name.slice(i + 1)];
}

/**
 * @param {string} x
 * @param {string} y
 */
const byBytes = (x, y) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The columns that sort, with their sort key (text compares as words, numbers as numbers).
 * @type {Record<string, (d: TagDescription) => string | number>}
 */
const SORT_KEYS = {
  name: (d) => d.name,
  namespace: (d) => d.namespace,
  spec: (d) => d.table.spec,
  status: (d) => `${d.stateText} ${d.table.status}`,
  history: (d) => d.entries.length,
  // Newest first reads as "ascending" here: the smallest age; tags without a time sort last.
  updated: (d) =>
    Math.min(
      ...[d.entries[0]?.ageSeconds, ...d.importErrors.map((e) => e.ageSeconds)].map((s) =>
        typeof s === 'number' ? s : Number.MAX_SAFE_INTEGER,
      ),
    ),
};

/**
 * The server's finding on a namespace name ('' when valid), from the package's validator: the page applies
 * the same rule as the server instead of a copy of it.
 * @param {string} namespace
 */
function namespaceProblem(namespace) {
  /** @type {import('imagetag').ImageTag} */
  const probe = {
    kind: 'ImageTag',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name: 'probe:probe', namespace },
    spec: null,
    status: null,
  };
  const found = pkg
    .validateImageTag(probe, { operation: 'create' })
    .errors.find((e) => e.field.startsWith('metadata.namespace'));
  return found ? found.message : '';
}
import { errorBox } from './errors.js';

/**
 * @param {string} namespace
 * @param {string} name
 */
export function tagHref(namespace, name) {
  return `#/tag/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/**
 * The STATUS column: the state badge, then the server's status text only where it adds to the badge (an
 * image or a source; not "ImportFailed (…)" or "Importing" again).
 * @param {TagDescription} d
 */
function statusCell(d) {
  const text = d.table.status;
  const restates = text.startsWith('ImportFailed') || text === 'Importing';
  return [
    badge(d.stateText || d.state, `state state-${stateClass(d.state)}`),
    restates ? null : ' ',
    restates ? null : statusText(text),
  ];
}

/**
 * A long `image/sha256:…` shortened (the full text stays in the title).
 * @param {string} text
 */
function statusText(text) {
  if (text.startsWith('image/sha256:') && text.length > 30) {
    return h('span', { title: text }, `image/${shortDigest(text.slice(6))}`);
  }
  return h('span', { title: text || null }, text);
}

/** @param {import('./types').App} app */
export function flashBox(app) {
  if (!app.flash) return null;
  const { text, kind } = app.flash;
  app.flash = null;
  return h('p', { class: `flash flash-${kind}`, role: 'status' }, text);
}

/** @param {import('./types').ViewContext} ctx */
export async function renderList(ctx) {
  const { app, client, main, signal } = ctx;
  const state = app.listState;
  state.namespace = ctx.query.get('namespace') ?? state.namespace;

  const nsInput = h('input', {
    id: 'list-namespace',
    name: 'namespace',
    list: 'namespaces',
    value: state.namespace,
    placeholder: 'All namespaces',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const filterInput = h('input', {
    id: 'list-filter',
    name: 'filter',
    type: 'search',
    value: state.filter,
    placeholder: 'name, source, status…',
    autocomplete: 'off',
  });
  const nsList = h('datalist', { id: 'namespaces' });
  const refresh = h('button', { type: 'submit' }, 'Refresh');
  const sortSelect = h(
    'select',
    { id: 'list-sort', name: 'sort' },
    h('option', { value: '' }, 'as listed'),
    Object.keys(SORT_KEYS).map((k) => [
      h('option', { value: k }, `${k} ↑`),
      h('option', { value: `${k}-desc` }, `${k} ↓`),
    ]),
  );
  sortSelect.value = state.sort ? `${state.sort}${state.descending ? '-desc' : ''}` : '';
  const progress = h('progress', { class: 'busy', 'aria-label': 'Loading ImageTags', hidden: true });
  const summary = h('span', { class: 'summary', 'aria-live': 'polite' });
  const live = liveIndicator();
  const statusLine = h('div', { class: 'status-line' }, progress, summary, live.el);
  const body = h('div', { class: 'list-body' });

  const title = h('h1', { id: 'list-title', tabindex: '-1' }, 'ImageTags');
  const createHref = () => (state.namespace ? `#/new?namespace=${encodeURIComponent(state.namespace)}` : '#/new');
  const createLink = h('a', { class: 'button primary', id: 'list-create', href: createHref() }, 'Create tag');
  /** Why this user may not create a tag where the list looks ('' when they may, or while unknown). */
  let createDenied = '';
  const view = h(
    'section',
    { class: 'view view-list', 'aria-labelledby': 'list-title' },
    h('div', { class: 'view-head' }, title, createLink),
    flashBox(app),
    h(
      'form',
      {
        class: 'toolbar',
        role: 'search',
        onSubmit: (/** @type {Event} */ ev) => {
          ev.preventDefault();
          state.namespace = nsInput.value.trim();
          load(false);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'list-namespace' }, 'Namespace'), nsInput, nsList),
      h('div', { class: 'field grow' }, h('label', { for: 'list-filter' }, 'Filter'), filterInput),
      h('div', { class: 'field' }, h('label', { for: 'list-sort' }, 'Sort'), sortSelect),
      h('div', { class: 'field' }, refresh),
    ),
    statusLine,
    body,
  );
  fill(main, view);
  title.focus({ preventScroll: true });

  /**
   * The current tags by "namespace/name" (the first list, then the watch's events), each described once.
   * @type {Map<string, TagDescription>}
   */
  const current = new Map();
  /** @type {TagDescription[]} the current tags in the server's list order */
  let described = [];
  /** Ends the list and watch of the last load (a new load, a new namespace, or the view's end). */
  /** @type {AbortController | null} */
  let loading = null;
  signal.addEventListener('abort', () => loading?.abort());
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let redraw;
  signal.addEventListener('abort', () => clearTimeout(redraw));

  /** @param {ImageTag} tag */
  function put(tag) {
    const key = keyOf(tag);
    current.set(key, describe(tag));
    app.cache.set(key, tag);
  }

  /** @param {string} key */
  function remove(key) {
    current.delete(key);
    app.cache.delete(key);
  }

  /** The rows again from `current`, and what depends on them. */
  function update() {
    described = [...current.values()].sort(listOrder);
    if (!state.namespace)
      fill(
        nsList,
        [...new Set(described.map((d) => d.namespace))].sort().map((n) => h('option', { value: n })),
      );
    draw();
  }

  /** One redraw for the events of one change (a write to a stream brings one event per tag of it). */
  function scheduleUpdate() {
    clearTimeout(redraw);
    redraw = setTimeout(update, 0);
  }

  nsInput.addEventListener('change', () => {
    if (nsInput.value.trim() !== state.namespace) {
      state.namespace = nsInput.value.trim();
      load(false);
    }
  });
  sortSelect.addEventListener('change', () => {
    const [key, dir] = sortSelect.value.split('-');
    sortBy(key || '', dir === 'desc');
  });
  filterInput.addEventListener('input', () => {
    state.filter = filterInput.value;
    draw();
  });
  filterInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && filterInput.value) {
      filterInput.value = '';
      state.filter = '';
      draw();
    }
  });

  // The Updated column stays true: each shown tag is described again for the time now.
  everySecond(signal, () => {
    for (const row of body.querySelectorAll('tr.tag-row')) {
      if (!(row instanceof HTMLElement)) continue;
      const tag = app.cache.get(`${row.dataset.namespace}/${row.dataset.name}`);
      const cell = row.querySelector('.col-updated');
      if (!tag || !cell) continue;
      const text = lowerFirst(describe(tag).table.updated);
      if (cell.textContent !== text) cell.textContent = text;
    }
  });

  /**
   * @param {import('imagetag').TagDescription} d
   * @param {string[]} words
   */
  function matches(d, words) {
    const text = [d.name, d.namespace, d.table?.spec, d.table?.status, d.source, d.stateText].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  }

  /**
   * The rows in the chosen order (as the server lists them when none is chosen).
   * @param {TagDescription[]} rows
   */
  function sorted(rows) {
    const key = SORT_KEYS[state.sort];
    if (!key) return rows;
    const dir = state.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'en', { numeric: true });
      return dir * c || a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
    });
  }

  /**
   * Sorts by `key` (null: the server's order) and shows it in the header and the Sort menu.
   * @param {string} key
   * @param {boolean} descending
   */
  function sortBy(key, descending) {
    state.sort = key;
    state.descending = descending;
    sortSelect.value = key ? `${key}${descending ? '-desc' : ''}` : '';
    draw();
  }

  /**
   * A column header: a click sorts by its column (again: the other way). The keyboard's way is the Sort
   * menu of the toolbar, so the headers add no tab stops before the rows.
   * @param {string} key
   * @param {string} label
   * @param {string} cls
   */
  function sortHeader(key, label, cls) {
    const active = state.sort === key;
    return h(
      'th',
      {
        scope: 'col',
        class: `sortable ${cls}`.trim(),
        dataset: { sort: key },
        title: `Sort by ${label.toLowerCase()}`,
        'aria-sort': active ? (state.descending ? 'descending' : 'ascending') : 'none',
        onClick: () => sortBy(key, active ? !state.descending : false),
      },
      label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (state.descending ? ' ▼' : ' ▲') : ''),
    );
  }

  function draw() {
    const words = state.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = sorted(described.filter((d) => matches(d, words)));
    const namespaces = new Set(described.map((d) => d.namespace));
    summary.textContent =
      `${described.length} tag${described.length === 1 ? '' : 's'}` +
      `${state.namespace ? ` in namespace ${state.namespace}` : ` in ${namespaces.size} namespace${namespaces.size === 1 ? '' : 's'}`}` +
      `${words.length ? `, ${shown.length} matching "${state.filter.trim()}"` : ''}`;
    if (!described.length) {
      const problem = state.namespace ? namespaceProblem(state.namespace) : '';
      if (problem) {
        fill(
          body,
          h(
            'div',
            { class: 'error-box', role: 'alert', id: 'namespace-invalid' },
            h('h3', { class: 'error-title' }, `"${state.namespace}" is not a valid namespace name`),
            h('p', null, plainWords({ field: 'metadata.namespace', message: problem }) || problem),
            h('p', { class: 'small' }, h('span', { class: 'muted' }, 'Exact text: '), h('code', null, problem)),
          ),
        );
        return;
      }
      fill(
        body,
        h(
          'div',
          { class: 'empty' },
          h(
            'p',
            null,
            state.namespace ? `No ImageTags in namespace ${state.namespace}.` : 'No ImageTags in any namespace.',
          ),
          createDenied ? null : h('p', null, h('a', { href: createHref() }, 'Create one')),
        ),
      );
      return;
    }
    if (!shown.length) {
      fill(body, h('div', { class: 'empty' }, h('p', null, `No tag matches "${state.filter.trim()}".`)));
      return;
    }
    const showNs = !state.namespace;
    const table = h(
      'table',
      { class: 'tags' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          sortHeader('name', 'Name', ''),
          showNs ? sortHeader('namespace', 'Namespace', 'col-ns') : null,
          sortHeader('spec', 'Spec', 'col-spec'),
          sortHeader('status', 'Status', ''),
          sortHeader('history', 'History', 'col-num'),
          sortHeader('updated', 'Updated', 'col-updated'),
        ),
      ),
      h(
        'tbody',
        null,
        shown.map((d) =>
          h(
            'tr',
            { class: `tag-row state-${stateClass(d.state)}`, dataset: { name: d.name, namespace: d.namespace } },
            h(
              'th',
              { scope: 'row', class: 'col-name' },
              h('a', { href: tagHref(d.namespace, d.name) }, d.name),
              showNs ? h('span', { class: 'ns-inline' }, d.namespace) : null,
            ),
            showNs ? h('td', { class: 'col-ns' }, d.namespace) : null,
            h('td', { class: 'col-spec' }, d.table?.spec || ''),
            h('td', { class: 'col-status' }, statusCell(d)),
            h('td', { class: 'col-num', 'data-label': 'History' }, d.table?.history || ''),
            h('td', { class: 'col-updated', 'data-label': 'Updated' }, lowerFirst(d.table.updated)),
          ),
        ),
      ),
    );
    fill(body, h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'ImageTags' }, table));
  }

  /**
   * Asks whether this user may create a tag where the list looks, and turns the Create link off if not.
   * Across all namespaces it is on when creating is allowed in any listed namespace (a project's user may
   * create in their own namespace without a cluster-wide right).
   */
  async function checkCreate() {
    const namespace = state.namespace;
    let why = (await refusals(app, namespace)).create;
    if (why && !namespace) {
      const listed = [...new Set(described.map((d) => d.namespace))];
      const answers = await Promise.all(listed.map((ns) => review(app, ns, 'create')));
      if (answers.some((a) => a.allowed !== false)) {
        why = '';
        setReadOnly('');
      }
    }
    if (signal.aborted || namespace !== state.namespace) return;
    const changed = why !== createDenied;
    createDenied = why;
    enableAction(createLink, !why, { why, href: createHref() });
    if (changed && !described.length) draw();
    view.dataset.access = 'known';
  }

  /**
   * Lists the tags, shows them, then follows the watch from there on.
   * @param {boolean} quiet
   */
  async function load(quiet) {
    loading?.abort();
    const mine = new AbortController();
    loading = mine;
    const namespace = state.namespace;
    progress.hidden = false;
    view.setAttribute('aria-busy', 'true');
    if (!quiet) summary.textContent = 'Loading…';
    live.set('connecting', 'Connecting…', 'Listing the tags; the watch starts after');
    try {
      const list = await client.list(namespace ? { namespace, signal: mine.signal } : { signal: mine.signal });
      if (mine.signal.aborted) return;
      current.clear();
      app.cache.clear();
      for (const t of Array.isArray(list?.items) ? list.items : []) put(t);
      update();
      checkCreate();
      watch(namespace, mine.signal);
    } catch (e) {
      if (mine.signal.aborted) return;
      summary.textContent = '';
      live.set('stopped', 'Not live', 'The list could not be read, so nothing is watched');
      fill(body, errorBox(e, { what: 'Loading the list', base: app.base, onRetry: () => load(false) }));
    } finally {
      if (!mine.signal.aborted) {
        progress.hidden = true;
        view.removeAttribute('aria-busy');
      }
    }
  }

  /**
   * Applies the watch's events to `current` until `stop` aborts. The watch starts with an ADDED for every
   * tag that exists now: a tag of the first list that is not among them was deleted in between.
   * @param {string} namespace
   * @param {AbortSignal} stop
   */
  function watch(namespace, stop) {
    /** @type {Set<string> | null} the tags the watch reported before its first SYNCED */
    let seen = new Set();
    follow(client, namespace ? { namespace } : {}, stop, live, {
      onChange(e) {
        const key = keyOf(e.object);
        seen?.add(key);
        if (e.type === 'DELETED') remove(key);
        else put(e.object);
        if (!seen) scheduleUpdate();
      },
      onSynced() {
        if (!seen) return;
        for (const key of [...current.keys()]) if (!seen.has(key)) remove(key);
        seen = null;
        scheduleUpdate();
      },
    });
  }
  await load(false);
}
