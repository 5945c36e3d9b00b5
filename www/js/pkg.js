// Loads the package's browser entry and records which exports this build has, so the page works (and says
// "not available in this build") while parts of the package are still missing.
export const EXPORTS = [
  'ImageTagClient',
  'parseImageTag',
  'parseImageTagList',
  'serializeImageTag',
  'validateImageTag',
  'describeTag',
  'renderTagHistoryHtml',
  'renderTagHistorySvg',
  'renderTagHistoryInto',
  'renderTagHistoryText',
  'humanDuration',
  'shortDigest',
  'parseImageReference',
];

/** The loaded module (empty object until `loadPackage` resolves, or if it failed). */
export let pkg = {};
/** Error while loading the package, if any. */
export let loadError = null;

export async function loadPackage() {
  try {
    const mod = await import('../pkg/index.js');
    await (mod.default || mod.init)();
    pkg = mod;
  } catch (e) {
    loadError = e;
    pkg = {};
  }
  return pkg;
}

export function has(name) {
  return typeof pkg[name] === 'function';
}

export function missing() {
  return EXPORTS.filter((n) => !has(n));
}

/** A short note for a feature whose export is missing. */
export function notAvailable(what, name) {
  const p = document.createElement('p');
  p.className = 'not-available';
  p.textContent = `${what}: not available in this build (the package has no ${name} yet).`;
  return p;
}
