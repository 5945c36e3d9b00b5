// The rendering baseline: a straightforward JS template implementation of the tag-history table, producing
// markup comparable to renderTagHistoryHtml (same table, caption, columns, classes, `<time datetime>` cells,
// short digests with the full value in `title`) with the same escaping (`& < > " '` in text and attribute
// values). It decides state, source line and ages the way `oc describe` does (§4.1, §4.4), in plain JS,
// without the finer points (no unique-prefix lengthening of short digests, no pull-spec grammar).
// No Node imports: the page loads this file as it is.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);

/** The relative-time words of `oc` (§4.4). */
export function humanDuration(seconds) {
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor((seconds + 1800) / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  // Years divide the truncated hours, as go-units does (docs/semantics.md §4.4).
  return `${Math.floor(Math.floor(seconds / 3600) / 24 / 365)} years`;
}

const pad = (n) => String(n).padStart(2, '0');
const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseTime(text) {
  if (typeof text !== 'string' || !TIME_RE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function timeCell(text) {
  const t = parseTime(text);
  let inner;
  if (t !== null) {
    const d = new Date(t * 1000);
    const iso = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const readable = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
    inner = `<time datetime="${iso}">${readable}</time>`;
  } else if (!text) {
    inner = 'unknown';
  } else {
    inner = `<bdi>${escapeHtml(text)}</bdi>`;
  }
  return `<th scope="row" class="imagetag-col-created">${inner}</th>`;
}

function shortDigest(digest, length = 12) {
  const i = digest.indexOf(':');
  return i < 0 ? digest.slice(0, length) : digest.slice(0, i + 1 + length);
}

function sourceLine(spec, namespace) {
  if (!spec) return 'no spec tag';
  const from = spec.from;
  if (!from) return 'tag without source image';
  const src = from.namespace && from.namespace !== namespace ? `${from.namespace}/${from.name}` : from.name;
  const reference = !!spec.reference;
  const scheduled = !!spec.importPolicy?.scheduled;
  switch (from.kind) {
    case 'ImageStreamTag':
      if (reference) return `reference to ${src}`;
      if (scheduled) return `updates automatically from ${src}`;
      return `tagged from ${src}`;
    case 'DockerImage':
      if (reference) return `reference to registry ${src}`;
      if (scheduled) return `updates automatically from registry ${src}`;
      return `tagged from ${src}`;
    case 'ImageStreamImage':
      return reference ? `reference to image ${src}` : `tagged from ${src}`;
    default:
      return reference ? `reference to ${from.kind} ${src}` : `updates from ${from.kind} ${src}`;
  }
}

/** The history table of one ImageTag as an HTML fragment; `now` in Unix seconds. */
export function renderTagHistoryHtmlJs(tag, nowSeconds) {
  const meta = tag.metadata || {};
  const name = meta.name || '';
  const spec = tag.spec || null;
  const status = tag.status || null;
  const items = status?.items || [];
  const conditions = status?.conditions || [];
  const age = (t) => {
    const s = parseTime(t);
    return s === null ? 'unknown' : `${humanDuration(nowSeconds - s)} ago`;
  };

  const failures = conditions.filter((c) => c.type === 'ImportSuccess' && c.status === 'False');
  const specGen = spec && typeof spec.generation === 'number' ? spec.generation : null;
  let observed = items.length ? Math.max(0, items[0].generation || 0) : 0;
  const cond = conditions.find((c) => c.type === 'ImportSuccess');
  if (cond) observed = Math.max(observed, cond.generation || 0);
  const pending = !!(spec?.from && !spec.reference && specGen !== null && specGen > observed);
  let state, stateText;
  if (failures.length) {
    state = 'import-failed';
    stateText = `Import failed (${failures[0].reason || ''})`;
  } else if (pending && items.length) {
    state = 'importing';
    stateText = 'Importing';
  } else if (!items.length) {
    state = spec ? 'not-imported' : 'empty';
    stateText = spec ? (pending ? 'Not imported yet (importing)' : 'Not imported yet') : 'No image';
  } else if (!spec) {
    state = 'pushed';
    stateText = 'Pushed';
  } else if (spec.reference) {
    state = 'reference';
    stateText = 'Reference only';
  } else if (spec.from && spec.from.kind === 'ImageStreamTag') {
    state = 'tracking';
    stateText = `Tracking ${spec.from.name}`;
  } else {
    state = 'current';
    stateText = 'Up to date';
  }

  let caption =
    `<caption><span class="imagetag-name"><bdi>${escapeHtml(name)}</bdi></span> ` +
    `<span class="imagetag-state imagetag-state-${state}"><bdi>${escapeHtml(stateText)}</bdi></span>` +
    `<span class="imagetag-source"><bdi>${escapeHtml(sourceLine(spec, meta.namespace || ''))}</bdi></span>`;
  if (spec?.from && spec.importPolicy?.insecure)
    caption += '<span class="imagetag-note">will use insecure HTTPS or HTTP connections</span>';
  if (spec?.referencePolicy && spec.referencePolicy.type === 'Local')
    caption += '<span class="imagetag-note">prefer registry pullthrough when referencing this tag</span>';
  const a = spec?.annotations;
  if (a) {
    if (a.description) caption += `<span class="imagetag-annotation"><bdi>${escapeHtml(a.description)}</bdi></span>`;
    if (a.tags)
      caption += `<span class="imagetag-annotation"><bdi>Tags: ${escapeHtml(a.tags.split(',').join(', '))}</bdi></span>`;
    if (a.supports)
      caption += `<span class="imagetag-annotation"><bdi>Supports: ${escapeHtml(a.supports.split(',').join(', '))}</bdi></span>`;
    if (a.sampleRepo)
      caption += `<span class="imagetag-annotation"><bdi>Example Repo: ${escapeHtml(a.sampleRepo)}</bdi></span>`;
  }
  const manifests = tag.image?.dockerImageManifests || [];
  if (manifests.length) {
    caption +=
      '<span class="imagetag-platforms">Platforms: ' +
      manifests
        .map((m) => {
          const label = `${m.os}/${m.architecture}${m.variant ? `/${m.variant}` : ''}`;
          return `<code dir="ltr" title="${escapeHtml(m.digest)}">${escapeHtml(label)}</code>`;
        })
        .join(', ') +
      '</span>';
  }
  caption += '</caption>';

  let rows = '';
  for (const c of failures) {
    rows +=
      `<tr class="imagetag-event imagetag-import-failed"><td class="imagetag-col-state">import failed</td>${timeCell(c.lastTransitionTime || '')}` +
      `<td class="imagetag-col-age">${age(c.lastTransitionTime)}</td>` +
      `<td class="imagetag-col-message" colspan="2"><bdi>${escapeHtml(`Import failed (${c.reason || ''}): ${c.message || ''}`)}</bdi></td>` +
      `<td class="imagetag-col-generation">${c.generation || 0}</td></tr>`;
  }
  if (pending) {
    const nowText = new Date(nowSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    rows +=
      `<tr class="imagetag-event imagetag-importing"><td class="imagetag-col-state">importing</td>${timeCell(nowText)}<td class="imagetag-col-age">now</td>` +
      `<td class="imagetag-col-message" colspan="2">importing latest image ...</td><td class="imagetag-col-generation">${specGen}</td></tr>`;
  }
  items.forEach((e, i) => {
    const image = e.image
      ? `<td class="imagetag-col-image"><code dir="ltr" title="${escapeHtml(e.image)}">${escapeHtml(shortDigest(e.image))}</code></td>`
      : '<td class="imagetag-col-image imagetag-no-image">none</td>';
    rows +=
      `<tr class="${i === 0 ? 'imagetag-entry imagetag-current' : 'imagetag-entry'}"><td class="imagetag-col-state">${i === 0 ? 'current' : ''}</td>` +
      `${timeCell(e.created)}<td class="imagetag-col-age">${age(e.created)}</td>` +
      `<td class="imagetag-col-pullspec"><code dir="ltr">${escapeHtml(e.dockerImageReference || '')}</code></td>${image}` +
      `<td class="imagetag-col-generation">${e.generation || 0}</td></tr>`;
  });
  if (!items.length && !failures.length && !pending) {
    rows += '<tr class="imagetag-empty"><td class="imagetag-col-message" colspan="6">No history</td></tr>';
  }
  return (
    `<table class="imagetag-history imagetag-state-${state}">${caption}<thead><tr>` +
    '<th scope="col" class="imagetag-col-state">State</th><th scope="col" class="imagetag-col-created">Created</th>' +
    '<th scope="col" class="imagetag-col-age">Age</th><th scope="col" class="imagetag-col-pullspec">Pull spec</th>' +
    '<th scope="col" class="imagetag-col-image">Image</th><th scope="col" class="imagetag-col-generation">Generation</th>' +
    `</tr></thead><tbody>${rows}</tbody></table>`
  );
}
