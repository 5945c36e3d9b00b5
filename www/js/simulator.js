// @ts-check
// Extras for imagetag-devserver only: its /simulator/v1/ endpoints act like an external registry, a
// build pushing images, and the import controller. Hidden behind a closed <details>; nothing is requested
// until it is opened, so a real cluster never sees these calls.
import { h, fill } from './dom.js';
import { errorBox } from './errors.js';

/**
 * @param {import('./types').App} app
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
async function call(app, method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (app.conn.token) headers.Authorization = `Bearer ${app.conn.token}`;
  let res;
  try {
    res = await fetch(`${app.base}/simulator/v1/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw Object.assign(new Error(e instanceof Error ? e.message : String(e)), { code: 'network' });
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    throw Object.assign(new Error(json?.message || `${res.status} ${res.statusText}`), {
      code: 'api',
      status: res.status,
      reason: json?.reason || res.statusText,
      details: json?.details || null,
      kubeStatus: json,
    });
  }
  return json;
}

/**
 * The panel for `tag`; made once per tag view and kept across redraws.
 * @param {import('./types').App} app
 * @param {import('imagetag').ImageTag} tag
 */
export function simulatorPanel(app, tag) {
  const ns = tag?.metadata?.namespace || '';
  const name = tag?.metadata?.name || '';
  const i = name.indexOf(':');
  const stream = i < 0 ? name : name.slice(0, i);
  const tagName = i < 0 ? '' : name.slice(i + 1);
  const from = tag?.spec?.from;
  const docker = from?.kind === 'DockerImage' && from.name;
  const out = h('div', { class: 'sim-out', 'aria-live': 'polite' });
  const body = h(
    'div',
    { class: 'sim-body' },
    h('p', { class: 'muted small' }, 'Checking for the devserver simulator…'),
  );
  const panel = h(
    'details',
    { class: 'card simulator', id: 'simulator' },
    h('summary', null, 'Simulated cluster activity (imagetag-devserver only)'),
    body,
  );
  let probed = false;
  let showRevision = () => {};

  /**
   * @param {HTMLButtonElement} button
   * @param {string} what
   * @param {string} method
   * @param {string} path
   * @param {unknown} payload
   */
  async function run(button, what, method, path, payload) {
    button.disabled = true;
    fill(out, h('p', { class: 'muted small' }, h('progress', { 'aria-label': what }), ` ${what}…`));
    try {
      const result = await call(app, method, path, payload);
      fill(
        out,
        h('p', { class: 'flash flash-ok', role: 'status' }, `${what}: done.`),
        result ? h('pre', { class: 'json small', tabindex: '0' }, JSON.stringify(result, null, 2)) : null,
      );
      showRevision();
    } catch (e) {
      fill(out, errorBox(e, { what, base: app.base }));
    } finally {
      button.disabled = false;
    }
  }

  panel.addEventListener('toggle', async () => {
    if (!panel.open || probed) return;
    probed = true;
    let registry;
    try {
      registry = await call(app, 'GET', 'registry');
    } catch (thrown) {
      const e = /** @type {{ status?: number, code?: string, message?: string }} */ (thrown);
      fill(
        body,
        h(
          'p',
          { class: 'muted' },
          `The server at ${app.base} has no simulator (${e.status || e.code || ''} ${e.message}). These actions exist only on imagetag-devserver.`,
        ),
      );
      return;
    }
    const revision = h('dd', { id: 'sim-revision' });
    /** @param {{ sources?: Record<string, { revision?: number, failure?: string }> } | null} reg */
    const revisionText = (reg) => {
      const sources = reg?.sources || {};
      const source = docker ? sources[docker] || sources[`${docker}:latest`] || null : null;
      return source
        ? `${source.revision ?? ''}${source.failure ? ` (imports fail: ${source.failure})` : ''}`
        : '0 (never published: imports see the initial image)';
    };
    revision.textContent = revisionText(registry);
    showRevision = async () => {
      try {
        revision.textContent = revisionText(await call(app, 'GET', 'registry'));
      } catch {
        /* keep the old text */
      }
    };
    const publish = h(
      'button',
      { type: 'button', id: 'sim-publish', disabled: !docker },
      'Publish a new revision of the source',
    );
    const fail = h('button', { type: 'button', id: 'sim-fail', disabled: !docker }, 'Make the source fail (NotFound)');
    const push = h('button', { type: 'button', id: 'sim-push' }, 'Push an image to this tag');
    const importNow = h('button', { type: 'button', id: 'sim-import' }, 'Run pending imports of this stream');
    const scheduled = h('button', { type: 'button', id: 'sim-scheduled' }, 'Run scheduled imports now');
    publish.addEventListener('click', () =>
      run(publish, 'Publishing a new revision', 'POST', 'registry/publish', { pullSpec: docker }),
    );
    fail.addEventListener('click', () =>
      run(fail, 'Making the source fail', 'POST', 'registry/publish', { pullSpec: docker, failure: 'NotFound' }),
    );
    push.addEventListener('click', () =>
      run(push, 'Pushing an image', 'POST', 'push', { namespace: ns, stream, tag: tagName }),
    );
    importNow.addEventListener('click', () =>
      run(importNow, 'Running imports', 'POST', 'import', { namespace: ns, stream }),
    );
    scheduled.addEventListener('click', () =>
      run(scheduled, 'Running scheduled imports', 'POST', 'import', { namespace: ns, stream, scheduled: true }),
    );
    fill(
      body,
      h(
        'p',
        { class: 'muted small' },
        'The devserver plays the external registry and the import controller. A new revision changes the digest the next import of this source records; then re-import (or run the scheduled imports of a scheduled tag).',
      ),
      docker
        ? h(
            'dl',
            { class: 'props' },
            h('dt', null, 'Source'),
            h('dd', null, h('code', { class: 'wrap' }, docker)),
            h('dt', null, 'Published revision'),
            revision,
          )
        : h('p', { class: 'muted small' }, 'This tag has no DockerImage source to publish.'),
      h('div', { class: 'actions wrap' }, publish, fail, push, importNow, scheduled),
      out,
    );
  });
  return panel;
}
