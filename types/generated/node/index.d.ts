export * from './imagetag';
import type { Status, StatusCause, StatusDetails } from './imagetag';

/** The stable codes of {@link ImageTagError}. */
export type ImageTagErrorCode =
  | 'parse'
  | 'schema'
  | 'reference'
  | 'name'
  | 'invalid'
  | 'api'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'internal';

/**
 * Every failure of this package: a real `Error` with `name === 'ImageTagError'` and a stable `code`.
 * `instanceof ImageTagError` recognises them.
 */
export declare class ImageTagError extends Error {
  constructor(message: string, code: ImageTagErrorCode, fields?: Partial<ImageTagError>);
  readonly name: 'ImageTagError';
  readonly code: ImageTagErrorCode;
  /** `parse`: 1-based line of the syntax error. */
  readonly line?: number;
  /** `parse`: 1-based column of the syntax error. */
  readonly column?: number;
  /** `schema`: where the wrong shape is, e.g. `status.items[3].generation`. */
  readonly path?: string;
  /** `invalid`: the validator's findings in the server's cause shape. */
  readonly causes?: StatusCause[];
  /** `api`: the HTTP status code. */
  readonly status?: number;
  /** `api`: the Status reason (`NotFound`, `Conflict`, `Invalid`, …). */
  readonly reason?: string;
  /** `api`: the Status details, with every cause. */
  readonly details?: StatusDetails | null;
  /** `api`: the server's whole Status object. */
  readonly kubeStatus?: Status;
  /** `api`: seconds the server asked to wait (`Retry-After` or `details.retryAfterSeconds`). */
  readonly retryAfterSeconds?: number;
  /**
   * `internal`: a bug or a resource limit inside the package (a Rust panic, out of memory, a WebAssembly
   * trap); the message says what happened, and the module is reset so the next call works. `cause` holds
   * the engine's own error when there is one.
   */
  readonly cause?: unknown;
}

/** Resolves when the module is ready: at once in Node.js; in browsers it loads the `.wasm` first. */
export declare function init(): Promise<void>;
export default init;
