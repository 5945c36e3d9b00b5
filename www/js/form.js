// @ts-check
// Create and edit forms. Every keystroke runs the package's validator (operation `create`, or `update`
// against the object as read) and shows each finding next to its field; with errors nothing is sent.
// Edit keeps metadata and status from the read (PUT) or sends only the changed spec fields (merge patch).
import { h, fill } from './dom.js';
import { pkg } from './pkg.js';
import { errorBox } from './errors.js';
import { flashBox, tagHref } from './list.js';
import { plainWords } from './plain.js';

/** @typedef {import('imagetag').ImageTag} ImageTag */
/** @typedef {import('imagetag').TagReference} TagReference */
/** @typedef {{ [key: string]: unknown }} Json */

const KINDS = ['DockerImage', 'ImageStreamTag', 'ImageStreamImage'];

/**
 * Which control a server field path belongs to ('' = the form as a whole).
 * @param {string | null | undefined} field
 */
export function controlFor(field) {
  const f = String(field || '');
  if (f === 'metadata.name' || f === 'spec.name' || f === 'spec') return 'name';
  if (f.startsWith('metadata.namespace')) return 'namespace';
  if (f === 'spec.from.kind') return 'kind';
  if (f === 'spec.from.namespace') return 'fromNamespace';
  if (f === 'spec.from' || f === 'spec.from.name' || /^spec\.tags\[.*\]\.from/.test(f)) return 'fromName';
  if (f === 'spec.reference') return 'reference';
  if (f === 'spec.importPolicy.scheduled') return 'scheduled';
  if (f === 'spec.importPolicy.insecure') return 'insecure';
  if (f === 'spec.importPolicy.importMode') return 'importMode';
  if (f.startsWith('spec.referencePolicy')) return 'referencePolicy';
  if (f.startsWith('spec.annotations')) return 'annotations';
  return '';
}

/**
 * `key=value` lines → a map; problems → messages.
 * @param {string} text
 */
export function parseAnnotations(text) {
  /** @type {Record<string, string>} */
  const map = {};
  /** @type {string[]} */
  const problems = [];
  text.split('\n').forEach((line, n) => {
    if (!line.trim()) return;
    const i = line.indexOf('=');
    if (i <= 0) {
      problems.push(`line ${n + 1}: write key=value`);
      return;
    }
    const key = line.slice(0, i).trim();
    if (key in map) problems.push(`line ${n + 1}: "${key}" is given twice`);
    map[key] = line.slice(i + 1);
  });
  return { map, problems };
}

/**
 * A JSON merge patch (RFC 7386) that turns `a` into `b`.
 * @param {Json | null | undefined} a
 * @param {Json} b
 * @returns {Json}
 */
export function mergeDiff(a, b) {
  /** @type {Json} */
  const patch = {};
  /** @type {(v: unknown) => v is Json} */
  const isObj = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
  for (const key of Object.keys(a || {})) if (!(key in b)) patch[key] = null;
  for (const [key, value] of Object.entries(b)) {
    const old = a?.[key];
    if (isObj(old) && isObj(value)) {
      const sub = mergeDiff(old, value);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) patch[key] = value;
  }
  return patch;
}

/**
 * The leaves of a merge patch as [path, new value] (null: removed), for showing what a change does.
 * @param {Json} patch
 * @param {string} [prefix]
 * @returns {Array<[string, unknown]>}
 */
export function patchLeaves(patch, prefix = '') {
  /** @type {Array<[string, unknown]>} */
  const out = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value))
      out.push(...patchLeaves(/** @type {Json} */ (value), path));
    else out.push([path, value]);
  }
  return out;
}

/**
 * @template T
 * @param {T} v
 * @returns {T}
 */
function clone(v) {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/**
 * @param {string} id
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @param {{ hint?: string, wide?: boolean }} [options]
 */
function field(id, label, control, { hint, wide } = {}) {
  const err = h('div', { class: 'field-msgs', id: `${id}-msgs`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', `${id}-msgs${hint ? ` ${id}-hint` : ''}`);
  const isCheck = control.type === 'checkbox';
  return h(
    'div',
    { class: `field${wide ? ' wide' : ''}${isCheck ? ' check' : ''}`, dataset: { field: id } },
    isCheck ? h('label', { for: control.id }, control, ' ', label) : [h('label', { for: control.id }, label), control],
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    err,
  );
}

/**
 * The create form (`namespace` null) or the edit form of one tag.
 * @param {import('./types').ViewContext} ctx
 * @param {string | null} editNamespace
 * @param {string | null} editName
 */
export async function renderForm(ctx, editNamespace, editName) {
  const { app, client, main, signal } = ctx;
  const editing = editNamespace !== null && editName !== null;
  const namespace = editNamespace ?? '';
  const name = editName ?? '';
  const heading = h('h1', { id: 'form-title', tabindex: '-1' }, editing ? `Edit ${name}` : 'Create an ImageTag');
  const view = h(
    'section',
    { class: 'view view-form', 'aria-labelledby': 'form-title' },
    editing
      ? h(
          'nav',
          { class: 'crumbs', 'aria-label': 'Breadcrumb' },
          h('a', { href: '#/' }, 'ImageTags'),
          ' / ',
          h('a', { href: `#/?namespace=${encodeURIComponent(namespace)}` }, namespace),
          ' / ',
          h('a', { href: tagHref(namespace, name) }, name),
          ' / ',
          h('span', { 'aria-current': 'page' }, 'Edit'),
        )
      : null,
    h('div', { class: 'view-head' }, heading),
    flashBox(app),
  );
  const holder = h('div');
  view.append(holder);
  fill(main, view);
  heading.focus({ preventScroll: true });

  // For editing: the object as read; every field not on the form is kept from it.
  /** @type {ImageTag | null} */
  let read = null;
  if (editing && app.client) {
    fill(
      holder,
      h('p', { class: 'status-line' }, h('progress', { class: 'busy', 'aria-label': 'Loading the tag' }), ' Loading…'),
    );
    try {
      read = await client.get(namespace, name, { signal });
    } catch (e) {
      if (signal.aborted) return;
      fill(
        holder,
        errorBox(e, { what: 'Reading the tag', base: app.base, onRetry: () => renderForm(ctx, namespace, name) }),
      );
      return;
    }
    if (signal.aborted) return;
  }

  const spec = read?.spec || null;
  const c = {
    namespace: h('input', {
      id: 'f-namespace',
      name: 'namespace',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      value: editing ? namespace : ctx.query.get('namespace') || app.listState.namespace || '',
      readonly: editing,
    }),
    name: h('input', {
      id: 'f-name',
      name: 'name',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'stream:tag',
      value: editing ? name : '',
      readonly: editing,
    }),
    kind: h(
      'select',
      { id: 'f-kind', name: 'kind' },
      KINDS.map((k) => h('option', { value: k, selected: spec ? spec.from?.kind === k : k === 'DockerImage' }, k)),
      h('option', { value: '', selected: !!spec && !spec.from?.kind }, '(no source)'),
      spec?.from?.kind && !KINDS.includes(spec.from.kind)
        ? h('option', { value: spec.from.kind, selected: true }, spec.from.kind)
        : null,
    ),
    fromName: h('input', {
      id: 'f-from',
      name: 'from',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'quay.io/org/app:latest',
      value: spec?.from?.name || '',
    }),
    fromNamespace: h('input', {
      id: 'f-from-namespace',
      name: 'fromNamespace',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: '(this namespace)',
      value: spec?.from?.namespace || '',
    }),
    reference: h('input', { id: 'f-reference', name: 'reference', type: 'checkbox', checked: !!spec?.reference }),
    scheduled: h('input', {
      id: 'f-scheduled',
      name: 'scheduled',
      type: 'checkbox',
      checked: !!spec?.importPolicy?.scheduled,
    }),
    insecure: h('input', {
      id: 'f-insecure',
      name: 'insecure',
      type: 'checkbox',
      checked: !!spec?.importPolicy?.insecure,
    }),
    // Free text with suggestions (not a closed list), so the validator's verdict on any value shows.
    importMode: h('input', {
      id: 'f-import-mode',
      name: 'importMode',
      list: 'import-modes',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: '(cluster default)',
      value: spec?.importPolicy?.importMode || '',
    }),
    referencePolicy: h('input', {
      id: 'f-reference-policy',
      name: 'referencePolicy',
      list: 'reference-policies',
      autocomplete: 'off',
      spellcheck: 'false',
      value: editing ? (spec?.referencePolicy?.type ?? '') : 'Source',
    }),
    annotations: h(
      'textarea',
      {
        id: 'f-annotations',
        name: 'annotations',
        rows: '3',
        spellcheck: 'false',
        placeholder: 'description=Production build\ntags=builder',
      },
      spec?.annotations
        ? Object.entries(spec.annotations)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')
        : '',
    ),
  };
  const dryRun = h('input', { id: 'f-dry-run', name: 'dryRun', type: 'checkbox' });
  const validateFirst = h('input', { id: 'f-validate', name: 'validate', type: 'checkbox', checked: true });
  const methodPut = h('input', { type: 'radio', name: 'method', id: 'f-method-put', value: 'replace', checked: true });
  const methodPatch = h('input', { type: 'radio', name: 'method', id: 'f-method-patch', value: 'merge' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'f-submit' }, editing ? 'Save' : 'Create');
  const summary = h('div', { class: 'form-summary', id: 'form-summary', 'aria-live': 'polite' });
  // Findings that belong to no field: the validator's, and the server's answer to a send.
  const topErrors = h('div', { class: 'form-top', id: 'form-top', 'aria-live': 'polite' });
  const topServer = h('div', { id: 'form-top-server' });
  const topOther = h('div', { id: 'form-top-other' });
  topErrors.append(topServer, topOther);
  // A new form shows the findings of the fields the reader has changed; a send shows them all. An edit
  // starts from a stored object, so its findings are all shown from the start.
  /** @type {Set<string>} */
  const touched = new Set();
  let showAll = editing;
  const result = h('div', { class: 'form-result', id: 'form-result', 'aria-live': 'polite' });
  const preview = h('pre', { class: 'json small', id: 'f-preview', tabindex: '0' });
  const fromNsField = field('fromNamespace', 'Source namespace', c.fromNamespace, {
    hint: 'For ImageStreamTag / ImageStreamImage from another namespace.',
  });

  const form = h(
    'form',
    { class: 'tag-form', novalidate: true, id: 'tag-form' },
    topErrors,
    h(
      'fieldset',
      null,
      h('legend', null, 'Tag'),
      h(
        'div',
        { class: 'fields' },
        field('namespace', 'Namespace', c.namespace),
        field('name', 'Name', c.name, {
          hint: editing
            ? 'Name and namespace cannot change.'
            : '<image stream>:<tag>; the image stream is created when missing.',
        }),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Source'),
      h(
        'div',
        { class: 'fields' },
        field('kind', 'Kind', c.kind),
        field('fromName', 'Name', c.fromName, {
          hint: 'DockerImage: a pull spec. ImageStreamTag: <tag> or <stream>:<tag>. ImageStreamImage: <stream>@<digest>.',
          wide: true,
        }),
        fromNsField,
        field('reference', 'Reference only (do not import; point at the source)', c.reference, { wide: true }),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Policies'),
      h(
        'div',
        { class: 'fields' },
        field('scheduled', 'Scheduled (re-import periodically)', c.scheduled),
        field('insecure', 'Insecure (HTTP or unverified TLS)', c.insecure),
        field('importMode', 'Import mode', c.importMode, {
          hint: 'Legacy, PreserveOriginal, or empty for the cluster default.',
        }),
        field('referencePolicy', 'Reference policy', c.referencePolicy, {
          hint: 'Source (pull from the source) or Local (through the integrated registry).',
        }),
        h(
          'datalist',
          { id: 'import-modes' },
          ['Legacy', 'PreserveOriginal'].map((m) => h('option', { value: m })),
        ),
        h(
          'datalist',
          { id: 'reference-policies' },
          ['Source', 'Local'].map((m) => h('option', { value: m })),
        ),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Annotations'),
      h(
        'div',
        { class: 'fields' },
        field('annotations', 'Annotations, one key=value per line', c.annotations, { wide: true }),
      ),
    ),
    h(
      'fieldset',
      { class: 'submit-options' },
      h('legend', null, 'Sending'),
      h(
        'div',
        { class: 'fields' },
        editing
          ? h(
              'div',
              { class: 'field wide', role: 'radiogroup', 'aria-label': 'How to send the change' },
              h(
                'label',
                { for: 'f-method-put' },
                methodPut,
                ' Replace (PUT the object as read, with the new spec; keeps metadata and status)',
              ),
              h('label', { for: 'f-method-patch' }, methodPatch, ' Merge patch (send only the changed spec fields)'),
            )
          : null,
        field('dryRun', 'Dry run (the server checks and answers, stores nothing)', dryRun),
        field('validate', 'Check with the validator before sending', validateFirst, {
          hint: 'Untick to let the server judge an invalid object (and see its answer).',
        }),
      ),
    ),
    summary,
    h(
      'div',
      { class: 'actions' },
      submit,
      h('a', { class: 'button', href: editing ? tagHref(namespace, name) : '#/' }, 'Cancel'),
    ),
    result,
    h('details', { class: 'preview' }, h('summary', null, 'Request body'), preview),
  );
  fill(holder, form);

  /** The object the form describes (create), or the read object with the form's spec (edit). */
  function build() {
    const ann = parseAnnotations(c.annotations.value);
    /** @type {TagReference} */
    let newSpec;
    if (editing) {
      newSpec = clone(spec) || { name: name.slice(name.indexOf(':') + 1) };
    } else {
      newSpec = { name: '', generation: null };
    }
    const kind = c.kind.value;
    if (kind) {
      const from = { ...(newSpec.from || {}), kind, name: c.fromName.value.trim() };
      if (c.fromNamespace.value.trim() && kind !== 'DockerImage') from.namespace = c.fromNamespace.value.trim();
      else delete from.namespace;
      newSpec.from = from;
    } else delete newSpec.from;
    if (c.reference.checked) newSpec.reference = true;
    else delete newSpec.reference;
    const ip = { ...(newSpec.importPolicy || {}) };
    if (c.scheduled.checked) ip.scheduled = true;
    else delete ip.scheduled;
    if (c.insecure.checked) ip.insecure = true;
    else delete ip.insecure;
    if (c.importMode.value.trim()) ip.importMode = c.importMode.value.trim();
    else delete ip.importMode;
    newSpec.importPolicy = ip;
    newSpec.referencePolicy = { ...(newSpec.referencePolicy || {}), type: c.referencePolicy.value.trim() };
    newSpec.annotations = Object.keys(ann.map).length ? ann.map : null;
    /** @type {ImageTag} */
    let tag;
    if (read) {
      tag = clone(read);
      delete tag.image;
      tag.spec = newSpec;
    } else {
      tag = {
        kind: 'ImageTag',
        apiVersion: 'image.openshift.io/v1',
        metadata: { name: c.name.value.trim(), namespace: c.namespace.value.trim() },
        spec: newSpec,
        status: null,
        image: null,
      };
    }
    return { tag, annotationProblems: ann.problems };
  }

  function check() {
    const { tag, annotationProblems } = build();
    const digestProblem = imageDigestProblem();
    const usePatch = editing && methodPatch.checked;
    preview.textContent = JSON.stringify(usePatch ? { spec: mergeDiff(spec || {}, tag.spec ?? {}) } : tag, null, 2);
    /** @typedef {{ kind: string, text: string, plain: string, field?: string }} Shown */
    /** @type {Map<string, Shown[]>} */
    const byControl = new Map();
    /** @type {Shown[]} */
    const other = [];
    /**
     * @param {string} key
     * @param {string} kind
     * @param {string} text
     * @param {string} [f]
     * @param {string} [plain]
     */
    const add = (key, kind, text, f, plain = '') => {
      if (!key) {
        if (showAll) other.push({ kind, text, plain, field: f });
        return;
      }
      if (!showAll && !touched.has(key)) return;
      const list = byControl.get(key) ?? [];
      list.push({ kind, text, plain });
      byControl.set(key, list);
    };
    /** @type {import('imagetag').FieldError[]} */
    let errors = [];
    /** @type {import('imagetag').FieldError[]} */
    let warnings = [];
    let validatorError = null;
    try {
      const r = pkg.validateImageTag(tag, read ? { operation: 'update', old: read } : { operation: 'create' });
      errors = r.errors;
      warnings = r.warnings;
    } catch (e) {
      validatorError = e;
    }
    for (const e of errors) add(controlFor(e.field), 'error', e.message, e.field, plainWords(e));
    for (const w of warnings) add(controlFor(w.field), 'warning', w.message, w.field, plainWords(w));
    for (const p of annotationProblems) add('annotations', 'error', p);
    if (digestProblem) add('fromName', 'error', digestProblem);
    fromNsField.hidden = c.kind.value === 'DockerImage' || !c.kind.value;
    c.fromName.placeholder =
      { DockerImage: 'quay.io/org/app:latest', ImageStreamTag: 'app:latest', ImageStreamImage: 'app@sha256:…' }[
        c.kind.value
      ] || '';
    for (const [key, control] of Object.entries(c)) {
      const msgs = /** @type {HTMLElement} */ (view.querySelector(`#${key}-msgs`));
      const list = byControl.get(key) || [];
      control.setAttribute('aria-invalid', list.some((m) => m.kind === 'error') ? 'true' : 'false');
      fill(
        msgs,
        list.map((m) => finding(m)),
      );
    }
    const errorCount = errors.length + annotationProblems.length + (digestProblem ? 1 : 0);
    const shownCount = [...byControl.values()].flat().filter((m) => m.kind === 'error').length + other.length;
    fill(
      summary,
      validatorError ? errorBox(validatorError, { what: 'Checking the form' }) : null,
      shownCount
        ? h(
            'p',
            { class: 'msg msg-error', id: 'form-error-count' },
            `${shownCount} error${shownCount === 1 ? '' : 's'}: ${validateFirst.checked ? 'fix them to send' : 'the server will be asked anyway (validation before sending is off)'}.`,
          )
        : null,
    );
    fill(
      topOther,
      other.length
        ? h(
            'ul',
            { class: 'other-msgs' },
            other.map((m) => h('li', null, m.field ? h('code', null, m.field) : null, finding(m))),
          )
        : null,
    );
    view.dataset.errors = String(errorCount);
    return { tag, errorCount, usePatch };
  }

  /**
   * One finding: the plain words (when the exact text quotes what the reader did not type, or a regular
   * expression) above the exact text, which is what the server will say.
   * @param {{ kind: string, text: string, plain: string }} m
   */
  function finding(m) {
    const hidden = h('span', { class: 'visually-hidden' }, m.kind === 'error' ? 'Error: ' : 'Warning: ');
    if (!m.plain) return h('p', { class: `msg msg-${m.kind}` }, hidden, m.text);
    return h(
      'div',
      { class: `msg msg-${m.kind}` },
      h('p', { class: 'msg-plain' }, hidden, m.plain),
      h('p', { class: 'msg-exact small' }, h('span', { class: 'muted' }, 'Exact text: '), h('code', null, m.text)),
    );
  }

  /** An ImageStreamImage name whose digest cannot exist: the server takes it and fails later (500). */
  function imageDigestProblem() {
    const name = c.fromName.value.trim();
    if (c.kind.value !== 'ImageStreamImage' || !name.includes('@')) return '';
    try {
      pkg.parseImageReference(name);
      return '';
    } catch {
      return `"${name.slice(name.indexOf('@') + 1)}" is not an image digest: write <stream>@sha256:<64 hex digits>. The server would accept this name and then fail to record the tag (an internal error).`;
    }
  }

  /** @param {Event} ev */
  const onEdit = (ev) => {
    const key = Object.entries(c).find(([, el]) => el === ev.target)?.[0];
    if (key) touched.add(key);
    check();
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
  check();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fill(result);
    fill(topServer);
    showAll = true;
    const { tag, errorCount, usePatch } = check();
    if (errorCount && validateFirst.checked) {
      const first = Object.values(c).find((el) => el.getAttribute('aria-invalid') === 'true');
      (first || summary).focus?.();
      fill(
        result,
        h(
          'p',
          { class: 'msg msg-error', role: 'alert' },
          'Nothing was sent: the form has errors (shown next to each field).',
        ),
      );
      return;
    }
    submit.disabled = true;
    fill(result, h('p', { class: 'muted' }, h('progress', { 'aria-label': 'Sending' }), ' Sending…'));
    const options = { dryRun: dryRun.checked, validate: validateFirst.checked, signal };
    const ns = editing ? namespace : c.namespace.value.trim();
    try {
      let saved;
      if (!editing) saved = await client.create(ns, tag, options);
      else if (usePatch)
        saved = await client.patch(
          namespace,
          name,
          { spec: mergeDiff(spec || {}, tag.spec ?? {}) },
          { type: 'merge', dryRun: dryRun.checked, signal },
        );
      else saved = await client.replace(namespace, name, tag, options);
      if (signal.aborted) return;
      const savedName = saved?.metadata?.name || (editing ? name : c.name.value.trim());
      if (dryRun.checked) {
        fill(
          result,
          h(
            'div',
            { class: 'flash flash-ok', role: 'status' },
            h('p', null, `Dry run: the server accepted ${savedName}; nothing was stored.`),
            h(
              'details',
              null,
              h('summary', null, "The server's answer"),
              h('pre', { class: 'json small', tabindex: '0' }, JSON.stringify(saved, null, 2)),
            ),
          ),
        );
      } else {
        app.setFlash(editing ? `Saved ${savedName}.` : `Created ${savedName} in namespace ${ns}.`);
        app.navigate(tagHref(saved?.metadata?.namespace || ns, savedName));
      }
    } catch (thrown) {
      if (signal.aborted) return;
      const e = /** @type {Partial<import('imagetag').ImageTagError>} */ (thrown);
      // The server's causes also go next to their fields.
      const causes = e?.code === 'invalid' ? e.causes : (e?.details || e?.kubeStatus?.details)?.causes;
      for (const cause of Array.isArray(causes) ? causes : []) {
        const key = controlFor(cause.field);
        const msgs = key && view.querySelector(`#${key}-msgs`);
        if (msgs)
          msgs.append(
            h(
              'p',
              { class: 'msg msg-error msg-server' },
              `${e.code === 'api' ? 'Server' : 'Validator'}: ${cause.message || ''}`,
            ),
          );
      }
      const box = errorBox(thrown, { what: editing ? 'Saving' : 'Creating', base: app.base });
      box.tabIndex = -1;
      fill(result, box);
      // An answer that names no field of the form goes at the top too, where the reader starts.
      const placed = (Array.isArray(causes) ? causes : []).some((cause) => controlFor(cause.field));
      // (A conflict has its own panel below.)
      if (e.code === 'api' && e.status !== 409 && !placed)
        fill(
          topServer,
          h(
            'div',
            { class: 'error-box', role: 'alert', dataset: { code: 'api' } },
            h('h3', { class: 'error-title' }, `The server refused: ${e.status ?? ''} ${e.reason || ''}`.trim()),
            h('p', { class: 'error-message' }, e.message || ''),
          ),
        );
      if (read && e.code === 'api' && e.status === 409) result.append(await conflictPanel(read, tag));
      box.focus();
    } finally {
      submit.disabled = false;
    }
  });
  /**
   * An edit conflict (409): the tag changed on the server since it was read. Shows what the other change
   * did and what ours does, and offers to send ours as a merge patch of `spec` on top of the fresh object
   * (only the fields this form changed), or to reload the form with the fresh object.
   * @param {ImageTag} before the object the form was opened with
   * @param {ImageTag} mine the object the form describes
   */
  async function conflictPanel(before, mine) {
    const myPatch = mergeDiff(before.spec ?? {}, mine.spec ?? {});
    /** @type {ImageTag | null} */
    let fresh = null;
    try {
      fresh = await client.get(namespace, name, { signal });
    } catch (e) {
      return errorBox(e, { what: 'Reading the tag again', base: app.base });
    }
    const theirPatch = mergeDiff(before.spec ?? {}, fresh.spec ?? {});
    /** @param {Array<[string, unknown]>} leaves */
    const changes = (leaves) =>
      leaves.length
        ? h(
            'ul',
            { class: 'plain mono' },
            leaves.map(([path, value]) =>
              h('li', null, `spec.${path}: ${value === null ? '(removed)' : JSON.stringify(value)}`),
            ),
          )
        : h('p', { class: 'muted' }, 'nothing in spec (only status or metadata changed)');
    const apply = h('button', { type: 'button', class: 'primary', id: 'conflict-apply' }, 'Apply my change on top');
    const reload = h('button', { type: 'button', id: 'conflict-reload' }, 'Reload with their version');
    const out = h('div', { 'aria-live': 'polite' });
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      try {
        const saved = await client.patch(
          namespace,
          name,
          { spec: myPatch },
          { type: 'merge', dryRun: dryRun.checked, signal },
        );
        if (dryRun.checked) {
          fill(
            out,
            h('p', { class: 'flash flash-ok', role: 'status' }, 'Dry run: the server accepted the merge patch.'),
          );
          return;
        }
        app.setFlash(`Saved ${saved.metadata?.name || name}: your change applied on top of the other one.`);
        app.navigate(tagHref(namespace, name));
      } catch (e) {
        fill(out, errorBox(e, { what: 'Applying the change', base: app.base }));
      } finally {
        apply.disabled = false;
      }
    });
    reload.addEventListener('click', () => renderForm(ctx, namespace, name));
    return h(
      'section',
      { class: 'conflict card', id: 'conflict', 'aria-labelledby': 'conflict-title' },
      h('h3', { id: 'conflict-title' }, 'Someone else changed this tag since you opened it'),
      h('h4', null, 'Their change'),
      changes(patchLeaves(theirPatch)),
      h('h4', null, 'Your change'),
      changes(patchLeaves(myPatch)),
      h(
        'p',
        { class: 'hint' },
        '"Apply my change on top" sends only the fields you changed, as a JSON merge patch of spec, to the object as it is now. Where you both changed a field, yours wins.',
      ),
      h('div', { class: 'actions' }, apply, reload),
      out,
    );
  }

  if (!editing) {
    if (c.namespace.value) c.name.focus();
    else c.namespace.focus();
  }
}
