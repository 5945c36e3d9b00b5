// @ts-check
// Loads the package's browser entry ('imagetag', mapped to ./pkg/index.js by the import map of index.html).
// Every part of the page uses the package directly: a missing export or a failing call is an error the page
// shows, never a quiet stand-in.

/** @typedef {typeof import('imagetag')} Package */

/**
 * The loaded module; set by `loadPackage` before any view runs.
 * @type {Package}
 */
export let pkg = /** @type {Package} */ (/** @type {unknown} */ (null));

/** Loads and initialises the package; rejects when it cannot be loaded. */
export async function loadPackage() {
  const mod = await import('imagetag');
  await mod.default();
  pkg = mod;
  return pkg;
}
