// Formatting used by the page, and a small stand-in for describeTag when a build lacks it.
import { pkg, has } from './pkg.js';

/** Sizes as oc prints them: decimal SI, 4 significant digits, no space (58.2MB, 796kB). */
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

export function shortDigest(digest, length = 12) {
  if (!digest) return '';
  if (has('shortDigest')) {
    try {
      return pkg.shortDigest(digest, length);
    } catch {
      /* fall through */
    }
  }
  const i = digest.indexOf(':');
  return i < 0 ? digest.slice(0, length) : digest.slice(0, i + 1 + length);
}

/** "44 hours ago" from an RFC 3339 time, with the package's humanDuration when present. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = Math.max(0, Math.floor((now - t) / 1000));
  if (has('humanDuration')) {
    try {
      return `${pkg.humanDuration(seconds)} ago`;
    } catch {
      /* fall through */
    }
  }
  if (seconds < 60) return `${seconds} seconds ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} minutes ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} hours ago`;
  return `${Math.floor(seconds / 86400)} days ago`;
}

/** camelCase state of describeTag → the kebab-case word of the package's CSS classes. */
export function stateClass(state) {
  return String(state || 'unknown').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * describeTag when the build has it; otherwise a reduced description computed here (state, table row,
 * import errors, entries) so the list still reads.
 */
export function describe(tag) {
  if (has('describeTag')) {
    try {
      return pkg.describeTag(tag);
    } catch (e) {
      return { ...describeLite(tag), describeError: e };
    }
  }
  return describeLite(tag);
}

export function describeLite(tag) {
  const name = tag?.metadata?.name || '';
  const namespace = tag?.metadata?.namespace || '';
  const i = name.indexOf(':');
  const spec = tag?.spec || null;
  const status = tag?.status || null;
  const items = Array.isArray(status?.items) ? status.items : [];
  const conditions = (Array.isArray(status?.conditions) ? status.conditions : []).filter(
    (c) => c && c.type === 'ImportSuccess' && c.status === 'False',
  );
  const from = spec?.from || null;
  const specGen = typeof spec?.generation === 'number' ? spec.generation : null;
  const observed = Math.max(items[0]?.generation ?? 0, ...conditions.map((c) => c.generation ?? 0));
  const reference = !!spec?.reference;
  const scheduled = !!(from && spec?.importPolicy?.scheduled);
  const importPending = !!(spec && from && !reference && specGen !== null && specGen > observed);
  let state = 'current';
  if (conditions.length) state = 'importFailed';
  else if (!spec && !items.length) state = 'empty';
  else if (!spec) state = 'pushed';
  else if (reference) state = 'reference';
  else if (!items.length) state = 'notImported';
  else if (importPending) state = 'importing';
  else if (from?.kind === 'ImageStreamTag') state = 'tracking';
  const stateText = {
    importFailed: `Import failed (${conditions[0]?.reason || ''})`,
    empty: 'Empty',
    pushed: 'Pushed',
    reference: 'Reference',
    notImported: 'Not imported',
    importing: 'Importing',
    tracking: 'Tracking',
    current: 'Up to date',
  }[state];
  let specCol = '';
  if (from)
    specCol =
      from.kind === 'ImageStreamTag' && !from.name.includes(':')
        ? 'Track'
        : scheduled
          ? 'Scheduled'
          : reference
            ? 'Ref'
            : 'Tag';
  if (!specCol && items.length) specCol = 'Push';
  let statusCol = '';
  if (conditions.length) statusCol = `ImportFailed (${conditions[0].reason || ''})`;
  else if (specGen !== null && items.length && items[0].generation < specGen) statusCol = 'Importing';
  else if (items.length) statusCol = items[0].image ? `image/${items[0].image}` : items[0].dockerImageReference;
  else if (from)
    statusCol =
      from.kind === 'DockerImage'
        ? from.name
        : from.kind === 'ImageStreamImage'
          ? `image/${from.name}`
          : `istag/${from.name}`;
  const times = [items[0]?.created, ...conditions.map((c) => c.lastTransitionTime)].filter(Boolean).sort();
  const updated = times.length ? ago(times[times.length - 1]) : '';
  return {
    name,
    namespace,
    stream: i < 0 ? name : name.slice(0, i),
    tag: i < 0 ? spec?.name || status?.tag || '' : name.slice(i + 1),
    state,
    stateText,
    source: from
      ? `${scheduled ? 'updates automatically from' : reference ? 'reference to' : 'tagged from'} ${from.name}`
      : spec
        ? 'tag without source image'
        : 'no spec tag',
    from,
    reference,
    scheduled,
    insecure: !!spec?.importPolicy?.insecure,
    localReferencePolicy: spec?.referencePolicy?.type === 'Local',
    importMode: spec?.importPolicy?.importMode || '',
    notes: [],
    annotationLines: [],
    importPending,
    specGeneration: specGen,
    observedGeneration: observed,
    importErrors: conditions.map((c) => ({
      reason: c.reason || '',
      message: c.message || '',
      generation: c.generation,
      lastTransitionTime: c.lastTransitionTime,
      age: ago(c.lastTransitionTime).replace(/ ago$/, ''),
    })),
    entries: items.map((e, n) => ({
      current: n === 0,
      created: e.created,
      age: ago(e.created).replace(/ ago$/, ''),
      dockerImageReference: e.dockerImageReference,
      image: e.image,
      shortImage: shortDigest(e.image),
      generation: e.generation,
    })),
    platforms: [],
    table: { name, spec: specCol, status: statusCol, history: items.length ? String(items.length) : '', updated },
    lite: true,
  };
}
