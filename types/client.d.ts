/**
 * Options of `new ImageTagClient(options)`.
 *
 * Retry policy (exactly): a request is sent again only when the answer says the server did not carry it
 * out — 429 TooManyRequests, 503 ServiceUnavailable, 500 with `reason: "ServerTimeout"` (any method), and
 * 504 or a network failure (connection refused or dropped) for reads (`get`, `list`) only: a write that got
 * 504 or lost its connection may have happened, so it is never repeated. At most `maxRetries` retries; each
 * waits as the server asks (`Retry-After` header, else `details.retryAfterSeconds`), else 1 s, 2 s, 4 s, …;
 * every wait is capped at 10 s. Timeouts, aborts, other 4xx/5xx and invalid bodies are never retried.
 * Cross-origin, browsers hide `Retry-After` unless the server sends `Access-Control-Expose-Headers: Retry-After`;
 * `details.retryAfterSeconds` is used then.
 */
export interface ImageTagClientOptions {
  /** Base URL; API paths (`/apis/image.openshift.io/v1/...`) are appended to it. `""` means the page's own origin. */
  baseUrl: string;
  /** Bearer token, sent as `Authorization: Bearer <token>` and nowhere else. */
  token?: string;
  /** Extra headers for every request (e.g. `X-CSRFToken` in the OpenShift console). `Accept` and `Content-Type` are always the client's. */
  headers?: Record<string, string>;
  /** Timeout of each attempt, including reading the whole body, in milliseconds; `0` disables it. Default 30000. */
  timeoutMs?: number;
  /**
   * Largest answer body read, in bytes. A 2xx answer with a longer body (a server that streams without
   * end, a list too big to handle) is refused with code `parse` as soon as the limit is passed, and the
   * connection is closed; of a longer error answer only the beginning is read. Default 268435456 (256 MiB).
   */
  maxResponseBytes?: number;
  /** Retries after the first attempt for requests the server did not carry out (see above). Default 3; `0` disables. */
  maxRetries?: number;
  /**
   * The `fetch` to use; default: the global one (browsers, Node.js 20+). The OpenShift console's
   * `consoleFetch` works as it is: when the function rejects with an error that carries the server's answer
   * as `response` (its `HttpError` on a non-2xx answer), that answer is read as if it had been resolved, so
   * the call rejects with code `api` and the server's `Status` (docs/console-plugin.md).
   */
  fetch?: FetchLike;
}

/** What the client calls: a subset of the standard `fetch`, so a wrapper or test double can stand in. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The `init` argument the client passes to `fetch`. */
export interface FetchInit {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** The parts of a `Response` the client reads. */
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  /** When present (a real `Response`), the body is read from it chunk by chunk, up to `maxResponseBytes`. */
  readonly body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } } | null;
  text(): Promise<string>;
}

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call (including a wait between retries); it then rejects with code `aborted`. */
  signal?: AbortSignal;
}

/**
 * Options of `list`. Quirks of this endpoint (docs/semantics.md §2.5): `limit` counts image streams,
 * not tags, and the server returns no `continue` token, so a limited list is silently truncated;
 * `fieldSelector` on `metadata.name` never matches (only `metadata.namespace=` works).
 */
export interface ImageTagListOptions extends RequestOptions {
  /** Absent or `""`: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

/** Options of `create`, `replace`, `updateSpec` and `replaceSpec`. */
export interface WriteOptions extends RequestOptions {
  /** Sends `dryRun=All`: the server validates and answers as usual but stores nothing. */
  dryRun?: boolean;
  /** Runs `validateImageTag` first and rejects with code `invalid` without sending anything. Default `true`. */
  validate?: boolean;
}

/** Patch formats: JSON merge patch, JSON patch (RFC 6902), Kubernetes strategic merge patch. */
export type PatchType = 'merge' | 'json' | 'strategic';

/** Options of `patch`. */
export interface PatchOptions extends RequestOptions {
  type: PatchType;
  dryRun?: boolean;
}

/** Options of `delete`. */
export interface DeleteOptions extends RequestOptions {
  dryRun?: boolean;
  /** Precondition: delete only if the image stream's `metadata.uid` is this (else 409 Conflict). */
  uid?: string;
}

/** A JSON merge patch or strategic merge patch: an object (`null` values delete keys). */
export interface MergePatch {
  [key: string]: unknown;
}

/** One operation of a JSON patch (RFC 6902). */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * Options of `client.watch`. The watch follows `imagestreams` (one namespace, or all without `namespace`) and
 * derives the ImageTag events; where that watch is refused (403, 404, 405) or unavailable, it polls the
 * imagetags list every `pollIntervalMs` instead (docs/watch.md).
 */
export interface ImageTagWatchOptions {
  /** Absent or `""`: all namespaces. */
  namespace?: string;
  /** One ImageTag, `<stream>:<tag>`. */
  name?: string;
  labelSelector?: string;
  /** Ends the watch: the request in flight is aborted (its connection closed) and the iteration ends without an error. */
  signal?: AbortSignal;
  /** Interval between two lists in polling mode, in milliseconds. Default 15000 (the OpenShift console's). */
  pollIntervalMs?: number;
  /**
   * `timeoutSeconds` of each watch request (added by this package): the server ends the stream then and the
   * watch resumes from the last version; a stream silent for this long plus 5 s is given up as dead and
   * reconnected. Default 60.
   */
  timeoutSeconds?: number;
}

/**
 * One event of `client.watch`. `ADDED` for each tag in scope first, then `SYNCED` once the current state is
 * delivered (again after every re-list, and when a watch is open again after a failure); then `ADDED`,
 * `MODIFIED` and `DELETED` as tags change. Each `object` is the tag as the server would return it now, its
 * `resourceVersion` included, so a `replace` built from the last object does not conflict for a stale version.
 * `RECONNECTING` says that attempt `attempt` to recover starts after `delayMs`, and why (`error`).
 */
export type ImageTagEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: ImageTag }
  | { type: 'SYNCED'; mode: 'watch' | 'poll'; resourceVersion: string | null }
  | { type: 'RECONNECTING'; attempt: number; delayMs: number; error: import('./index.js').ImageTagError };

export interface ImageTagClient {
  /**
   * Live ImageTags (docs/js-api.md "Live updates"): `for await (const event of client.watch({ namespace }))`.
   * Nothing is sent until the iteration starts; a wrong option rejects the first step. It never gives up on
   * its own: it reconnects, resumes from the last version, re-lists after 410 Expired, and ends only when
   * `signal` aborts or the loop ends (`break`, `return`, an exception), which closes the connection.
   */
  watch(options?: ImageTagWatchOptions): AsyncGenerator<ImageTagEvent, void, undefined>;
}
