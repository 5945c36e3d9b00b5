// @ts-check
// One tag: source and policies, import errors, the history (the package's table and SVG timeline), the
// current image (from a GET), the `oc describe` text; edit, re-import and delete. The view is live: after
// the first read it follows the tag through `client.watch` (js/live.js).
import { h, fill, dl, badge, svgNode } from './dom.js';
import { pkg } from './pkg.js';
import { describe, stateClass } from './format.js';
import { ageEl, tickingHistoryAges } from './ages.js';
import { errorBox } from './errors.js';
import { renderImage } from './image.js';
import { flashBox, tagHref } from './list.js';
import { simulatorPanel } from './simulator.js';
import { enableAction, refusals } from './access.js';
import { follow, liveIndicator } from './live.js';

/** @typedef {import('imagetag').ImageTag} ImageTag */
/** @typedef {import('imagetag').TagDescription} TagDescription */

/** How long an import may stay pending before the view says what the reader can do about it. */
const STALLED_AFTER_MS = 40_000;
const REIMPORT_TITLE = 'Set spec.generation to 0: the server imports the source again';

/**
 * @param {string} title
 * @param {string} id
 * @param {...import('./types').Child} children
 */
function card(title, id, ...children) {
  return h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    ...children,
  );
}

/** @param {unknown} v */
function yesNo(v) {
  return v ? 'yes' : 'no';
}

/** The parts of a DockerImage pull spec, as the package's parseImageReference splits it. */
/** @param {import('imagetag').ObjectReference | null | undefined} from */
function referenceParts(from) {
  if (from?.kind !== 'DockerImage' || !from.name) return null;
  try {
    const r = pkg.parseImageReference(from.name);
    return h(
      'p',
      { class: 'ref-parts small', 'aria-label': 'Pull spec parts' },
      [
        ['registry', r.registry],
        ['namespace', r.namespace],
        ['name', r.name],
        ['tag', r.tag],
        ['id', r.id],
      ]
        .filter(([, v]) => v)
        .map(([k, v]) => h('span', { class: 'ref-part' }, h('span', { class: 'muted' }, `${k} `), h('code', null, v))),
    );
  } catch (e) {
    return h('p', { class: 'msg msg-error' }, `The source does not parse: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * @param {ImageTag} tag
 * @param {TagDescription} d
 */
function sourceCard(tag, d) {
  const spec = tag.spec;
  if (!spec) {
    return card(
      'Source and policies',
      'source',
      h(
        'p',
        null,
        h('strong', null, 'no spec tag'),
        ': this tag exists only in status (pushed, or its spec was removed). Edit it to give it a source.',
      ),
    );
  }
  const from = spec.from;
  const annotations = spec.annotations && typeof spec.annotations === 'object' ? Object.entries(spec.annotations) : [];
  return card(
    'Source and policies',
    'source',
    h('p', { class: 'source-line' }, d.source || ''),
    d.notes?.length
      ? h(
          'ul',
          { class: 'notes' },
          d.notes.map((n) => h('li', null, n)),
        )
      : null,
    d.annotationLines?.length
      ? h(
          'ul',
          { class: 'notes' },
          d.annotationLines.map((n) => h('li', null, n)),
        )
      : null,
    referenceParts(from),
    dl([
      ['Source kind', from?.kind || '(none)'],
      ['Source', from?.name ? h('code', { class: 'wrap' }, from.name) : null],
      ['Source namespace', from?.namespace],
      ['Reference only', yesNo(spec.reference)],
      ['Scheduled import', yesNo(spec.importPolicy?.scheduled)],
      ['Insecure', yesNo(spec.importPolicy?.insecure)],
      ['Import mode', spec.importPolicy?.importMode || '(cluster default)'],
      ['Reference policy', spec.referencePolicy?.type || ''],
      ['Generation', `spec ${spec.generation ?? '—'} · observed ${d.observedGeneration ?? '—'}`],
    ]),
    annotations.length
      ? h(
          'div',
          null,
          h('h3', null, 'Annotations'),
          dl(
            annotations.map(([k, v]) => [k, v]),
            'props mono',
          ),
        )
      : null,
  );
}

/** @param {TagDescription} d */
function importErrorsCard(d) {
  if (!d.importErrors?.length) return null;
  return card(
    'Import errors',
    'import-errors',
    h(
      'ul',
      { class: 'import-errors' },
      d.importErrors.map((e) =>
        h(
          'li',
          { class: 'import-error' },
          h('strong', null, `Import failed (${e.reason})`),
          ': ',
          h('span', { class: 'msg' }, e.message),
          h(
            'div',
            { class: 'muted small' },
            e.lastTransitionTime ? ageEl(e.lastTransitionTime) : '',
            ` · generation ${e.generation ?? '—'}`,
          ),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, 'The previous image (if any) stays current while imports fail.'),
  );
}

/**
 * @param {ImageTag} tag
 * @param {TagDescription} d
 */
function historyCard(tag, d) {
  const count = d.entries?.length || 0;
  const timeline = h('div', { class: 'timeline' });
  try {
    const node = svgNode(pkg.renderTagHistorySvg(tag));
    if (!node) throw new Error('renderTagHistorySvg returned text that is not SVG');
    if (!node.getAttribute('role')) node.setAttribute('role', 'img');
    if (!node.getAttribute('aria-label') && !node.querySelector('title'))
      node.setAttribute('aria-label', `Timeline of ${count} history entries`);
    timeline.append(node);
  } catch (e) {
    timeline.append(errorBox(e, { what: 'Rendering the timeline' }));
  }

  const table = h('div', { class: 'history-table table-wrap' });
  try {
    pkg.renderTagHistoryInto(table, tag);
    tickingHistoryAges(table);
  } catch (e) {
    table.append(errorBox(e, { what: 'Rendering the history' }));
  }
  return card(
    `History (${count} ${count === 1 ? 'entry' : 'entries'})`,
    'history',
    h('p', { class: 'muted small' }, 'Newest first; the first entry is the current image.'),
    timeline,
    table,
  );
}

/** @param {ImageTag} tag */
function describeText(tag) {
  try {
    return h('pre', { class: 'describe-text', tabindex: '0' }, pkg.renderTagHistoryText(tag));
  } catch (e) {
    return errorBox(e, { what: 'Rendering the text' });
  }
}

/**
 * @param {import('./types').ViewContext} ctx
 * @param {string} namespace
 * @param {string} name
 */
export async function renderTag(ctx, namespace, name) {
  const { app, client, main, signal } = ctx;
  const editHref = `#/edit/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  const progress = h('progress', { class: 'busy', 'aria-label': 'Loading the tag', hidden: true });
  const statusText = h('span', { class: 'summary' });
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  // What an action of the reader led to (re-import, dry run); stays across the reloads that follow it.
  const notice = h('div', { class: 'notices', 'aria-live': 'polite' });
  const content = h('div', { class: 'tag-content' });
  const stateHolder = h('span', { class: 'state-holder' });
  const reimport = h('button', { type: 'button', disabled: true, title: REIMPORT_TITLE }, 'Re-import');
  const del = h('button', { type: 'button', class: 'danger', disabled: true }, 'Delete…');
  const refresh = h('button', { type: 'button' }, 'Refresh');
  const editLink = h('a', { class: 'button', href: editHref }, 'Edit');
  const { dialog, openDialog } = deleteDialog();
  const title = h('h1', { id: 'tag-title', tabindex: '-1' }, name, ' ', stateHolder);
  const live = liveIndicator();

  const view = h(
    'section',
    { class: 'view view-tag', 'aria-labelledby': 'tag-title', dataset: { namespace, name } },
    h(
      'nav',
      { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/' }, 'ImageTags'),
      ' / ',
      h('a', { href: `#/?namespace=${encodeURIComponent(namespace)}` }, namespace),
      ' / ',
      h('span', { 'aria-current': 'page' }, name),
    ),
    h('div', { class: 'view-head' }, title, h('div', { class: 'actions' }, editLink, reimport, refresh, del)),
    flashBox(app),
    h('div', { class: 'status-line' }, progress, statusText, live.el),
    notice,
    message,
    content,
    dialog,
  );
  fill(main, view);
  title.focus({ preventScroll: true });

  /** @type {ImageTag | null} */
  let tag = app.cache.get(`${namespace}/${name}`) || null;
  /**
   * The pending import shown: its generation and since when this view has seen it pending (null: none).
   * @type {{ generation: number | null, since: number } | null}
   */
  let pending = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let stalledTimer;
  signal.addEventListener('abort', () => clearTimeout(stalledTimer));
  /** Whether the shown tag carries the image details of a GET. */
  let shownFresh = false;
  /** How many changes the watch has brought (a GET that answers after one reads again). */
  let changes = 0;

  /** @type {HTMLElement | null} */
  let simulator = null;
  /**
   * @param {ImageTag} tag
   * @param {boolean} fresh
   */
  function draw(tag, fresh) {
    const d = describe(tag);
    // Redraws keep what the reader opened, and the simulator panel (with its last answer) as it is.
    const openDetails = [...content.querySelectorAll('details[id][open]')].map((el) => el.id);
    simulator ??= simulatorPanel(app, tag);
    shownFresh = fresh;
    notePending(d);
    view.dataset.state = d.state;
    view.dataset.historyCount = String(d.entries?.length || 0);
    view.dataset.importErrors = String(d.importErrors?.length || 0);
    view.dataset.fresh = fresh ? 'true' : 'false';
    fill(stateHolder, badge(d.stateText || d.state, `state state-${stateClass(d.state)}`));
    setActions(tag);
    const imageSection = fresh
      ? card('Current image', 'image', renderImage(tag.image))
      : card('Current image', 'image', h('p', { class: 'muted' }, 'Loading the image details…'));
    fill(
      content,
      d.importPending ? pendingNotice(tag, d) : null,
      importErrorsCard(d),
      historyCard(tag, d),
      h(
        'div',
        { class: 'grid' },
        h('div', { class: 'col' }, sourceCard(tag, d)),
        h('div', { class: 'col' }, imageSection),
      ),
      card('As oc describe imagestream prints it', 'describe', describeText(tag)),
      h(
        'details',
        { class: 'card raw', id: 'raw' },
        h('summary', null, 'The object as read (JSON)'),
        h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(tag, null, 2)),
      ),
      simulator,
    );
    for (const id of openDetails) {
      const el = content.querySelector(`details#${id}`);
      if (el instanceof HTMLDetailsElement) el.open = true;
    }
  }

  /**
   * Keeps `pending` true for the tag drawn: since when its import has been pending, and a timer that draws
   * the notice again once it has been pending too long.
   * @param {TagDescription} d
   */
  function notePending(d) {
    if (!d.importPending) {
      pending = null;
      clearTimeout(stalledTimer);
      return;
    }
    const generation = d.specGeneration ?? null;
    if (pending?.generation === generation) return;
    pending = { generation, since: Date.now() };
    clearTimeout(stalledTimer);
    stalledTimer = setTimeout(() => {
      if (tag) draw(tag, shownFresh);
    }, STALLED_AFTER_MS);
  }

  /**
   * What a pending import waits for, that its result will show here by itself (the view follows the tag),
   * and, once it has been pending for long, what the reader can do.
   * @param {ImageTag} tag
   * @param {TagDescription} d
   */
  function pendingNotice(tag, d) {
    const waiting = `Waiting for the import controller to import generation ${d.specGeneration ?? '?'} of the source (the last generation it handled is ${d.observedGeneration}).`;
    const stalled = pending !== null && Date.now() - pending.since >= STALLED_AFTER_MS;
    if (!stalled)
      return h(
        'div',
        { class: 'pending', role: 'status', dataset: { pending: 'waiting' } },
        h('p', null, h('progress', { 'aria-label': 'Import pending' }), ' ', waiting),
        h('p', { class: 'small' }, 'The result shows here as soon as the server has it: this page follows the tag.'),
      );
    const retry = h('button', { type: 'button', class: 'retry', onClick: () => reimport.click() }, 'Re-import');
    enableAction(retry, !!tag.spec?.from && !tag.spec?.reference && !denied.update, { why: denied.update });
    return h(
      'div',
      { class: 'pending pending-stalled', role: 'status', dataset: { pending: 'stalled' } },
      h('p', null, h('progress', { 'aria-label': 'Import pending' }), ' ', waiting),
      h(
        'p',
        { class: 'small' },
        `Nothing has happened for ${STALLED_AFTER_MS / 1000} s. The import controller may be busy, or not running. This page still follows the tag and shows the result when it comes; you can also ask for the import again. On imagetag-devserver, "Run pending imports of this stream" under Simulated cluster activity (below) runs it now.`,
      ),
      h('p', { class: 'actions' }, retry),
    );
  }

  /**
   * Why each write is refused to this user in this namespace (verb → '' when allowed, or while unknown).
   * @type {Record<import('./access.js').WriteVerb, string>}
   */
  let denied = { create: '', update: '', patch: '', delete: '' };

  /**
   * The actions for `tag`, or none (null: no tag to act on), as far as this user may take them (edit and
   * re-import replace the tag: `update`).
   * @param {ImageTag | null} tag
   */
  function setActions(tag) {
    enableAction(reimport, !!tag?.spec?.from && !tag.spec.reference && !denied.update, {
      why: denied.update,
      title: REIMPORT_TITLE,
    });
    enableAction(del, !!tag && !denied.delete, { why: denied.delete });
    enableAction(editLink, !!tag && !denied.update, { why: denied.update, href: editHref });
    for (const retry of content.querySelectorAll('.pending-stalled button.retry'))
      if (retry instanceof HTMLButtonElement) enableAction(retry, !reimport.disabled, { why: denied.update });
  }

  /** After a 404 the page shows only the error: no badge, no history, nothing to act on. */
  function gone() {
    tag = null;
    app.cache.delete(`${namespace}/${name}`);
    fill(content);
    fill(stateHolder);
    setActions(null);
    view.dataset.state = 'not-found';
    view.dataset.historyCount = '0';
  }

  /** @param {boolean} quiet */
  async function load(quiet) {
    progress.hidden = false;
    view.setAttribute('aria-busy', 'true');
    if (!quiet) statusText.textContent = 'Loading…';
    const at = changes;
    try {
      const read = await client.get(namespace, name, { signal });
      if (signal.aborted) return;
      tag = read;
      app.cache.set(`${namespace}/${name}`, read);
      fill(message);
      statusText.textContent = `Read ${new Date().toLocaleTimeString()}`;
      draw(read, true);
      if (reimporting) reimportOutcome(describe(read));
      // The watch brought a change while this read was on its way: the read may be older; read again.
      if (changes !== at) load(true);
    } catch (e) {
      if (signal.aborted) return;
      statusText.textContent = '';
      fill(message, errorBox(e, { what: 'Reading the tag', base: app.base, onRetry: () => load(false) }));
      const err = /** @type {{ code?: string, status?: number }} */ (e);
      if (err?.code === 'api' && err.status === 404) gone();
      else if (!tag) fill(content);
    } finally {
      if (!signal.aborted) {
        progress.hidden = true;
        view.removeAttribute('aria-busy');
      }
    }
  }

  refresh.addEventListener('click', () => load(false));

  /**
   * A change of this tag from the watch. The watch's objects carry no image details (as in a list,
   * `image` is null): while the current image is the one the last GET described, those details stay;
   * a new current image is read (GET) for its details. A change of the stream's version alone only keeps
   * the object current (a later replace must not conflict), with nothing to draw.
   * @param {{ type: 'ADDED' | 'MODIFIED' | 'DELETED', object: ImageTag }} e
   */
  function onChange(e) {
    changes += 1;
    if (e.type === 'DELETED') {
      load(true); // the server's own 404, shown as any 404
      return;
    }
    const next = e.object;
    const before = tag;
    const same = (/** @type {ImageTag | null} */ t) => (t ? describe(t).entries[0]?.image || '' : null);
    const keepImage = !!before && shownFresh && same(before) === same(next);
    const object = keepImage ? { ...next, image: before?.image ?? null } : next;
    tag = object;
    app.cache.set(`${namespace}/${name}`, object);
    if (
      before &&
      JSON.stringify([before.spec, before.status]) === JSON.stringify([next.spec, next.status]) &&
      !message.hasChildNodes()
    )
      return;
    fill(message);
    statusText.textContent = `Changed ${new Date().toLocaleTimeString()}`;
    draw(object, keepImage);
    if (reimporting) reimportOutcome(describe(object));
    if (!keepImage) load(true);
  }

  /**
   * A re-import in flight: the generation it asked for and the image current before it.
   * @type {{ generation: number, image: string } | null}
   */
  let reimporting = null;

  /**
   * Once the import of the asked generation is done, says what it found: a new image, the same image, or
   * a failure.
   * @param {TagDescription} d
   */
  function reimportOutcome(d) {
    if (!reimporting || d.importPending) return;
    const { generation, image } = reimporting;
    const failed = d.importErrors.find((e) => e.generation >= generation);
    const now = d.entries[0]?.image || '';
    reimporting = null;
    /** @type {[string, string]} */
    const [kind, text] = failed
      ? ['error', `Re-import failed (${failed.reason}): ${failed.message}`]
      : now && now !== image
        ? ['ok', `Re-import done: new image ${d.entries[0].shortImage}.`]
        : [
            'ok',
            `Re-import done: no new image (the source still points at ${d.entries[0]?.shortImage || 'the same image'}).`,
          ];
    fill(notice, h('p', { class: `flash flash-${kind}`, role: 'status', id: 'reimport-outcome' }, text));
  }

  reimport.addEventListener('click', async () => {
    if (!tag) return;
    const before = describe(tag).entries[0]?.image || '';
    reimport.disabled = true;
    try {
      const body = { ...tag, spec: { ...tag.spec, generation: 0 } };
      delete body.image;
      const saved = await client.replace(namespace, name, body, { signal });
      tag = saved;
      reimporting = { generation: saved.spec?.generation ?? 0, image: before };
      fill(
        notice,
        h(
          'p',
          { class: 'flash flash-ok', role: 'status', id: 'reimport-requested' },
          `Re-import requested (generation ${reimporting.generation}); waiting for the import…`,
        ),
      );
      await load(true);
    } catch (e) {
      if (!signal.aborted) fill(message, errorBox(e, { what: 'Re-import', base: app.base }));
    } finally {
      setActions(tag);
    }
  });
  del.addEventListener('click', openDialog);

  /** The delete confirmation; each opening starts as a real delete (Dry run unticked). */
  function deleteDialog() {
    const dry = h('input', { type: 'checkbox', id: 'delete-dry-run' });
    const err = h('div', { 'aria-live': 'polite' });
    const confirm = h('button', { type: 'button', class: 'danger', id: 'delete-confirm' }, 'Delete');
    const cancel = h('button', { type: 'button', id: 'delete-cancel' }, 'Cancel');
    const dlg = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'delete-title' },
      h('h2', { id: 'delete-title' }, `Delete ${name}?`),
      h(
        'p',
        null,
        "This removes the tag's spec ",
        h('em', null, 'and its whole history'),
        ` from the image stream in namespace ${namespace}. The image stream and the images stay.`,
      ),
      h('p', null, h('label', null, dry, ' Dry run (ask the server, change nothing)')),
      err,
      h('div', { class: 'actions' }, cancel, confirm),
    );
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => {
      fill(err);
      del.focus();
    });
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        /** @type {import('imagetag').DeleteOptions} */
        const options = { dryRun: dry.checked };
        if (tag?.metadata?.uid) options.uid = tag.metadata.uid;
        await client.delete(namespace, name, options);
        dlg.close();
        if (dry.checked) {
          fill(
            notice,
            h(
              'p',
              { class: 'flash flash-ok', role: 'status' },
              `Dry run: the server would delete ${name}. Nothing changed.`,
            ),
          );
        } else {
          app.cache.delete(`${namespace}/${name}`);
          app.setFlash(`Deleted ${name} in namespace ${namespace}.`);
          app.navigate('#/');
        }
      } catch (e) {
        fill(err, errorBox(e, { what: 'Deleting', base: app.base }));
      } finally {
        confirm.disabled = false;
      }
    });
    const openDialog = () => {
      dry.checked = false;
      fill(err);
      dlg.showModal();
    };
    return { dialog: dlg, openDialog };
  }

  setActions(null);
  if (tag) draw(tag, false);
  refusals(app, namespace).then((r) => {
    if (signal.aborted) return;
    denied = r;
    setActions(tag);
    view.dataset.access = 'known';
  });
  await load(false);
  if (!signal.aborted) follow(client, { namespace, name }, signal, live, { onChange });
}

export { tagHref };
