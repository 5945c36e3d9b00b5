// Entry for browsers and bundlers: await init() once before any other call.
import wbgInit from './imagetag.js';
export * from './imagetag.js';
class ImageTagError extends Error {
  /** Errors thrown by this package are plain `Error`s named 'ImageTagError'; this class recognises them all. */
  constructor(message, code, fields) {
    super(message);
    this.name = 'ImageTagError';
    this.code = code;
    if (fields) Object.assign(this, fields);
  }
  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === 'ImageTagError';
  }
}
export { ImageTagError };
let ready = null;
/** Loads and instantiates the .wasm (from next to this file unless `input` says otherwise); safe to call more than once. */
export function init(input) {
  if (!ready) {
    ready = wbgInit(input === undefined ? undefined : { module_or_path: input }).then(
      () => undefined,
      (e) => { ready = null; throw e; },
    );
  }
  return ready;
}
export default init;
