/* tslint:disable */
/* eslint-disable */
/**
 * An image pull spec split by OpenShift's own rules (docs/semantics.md §3.5). Every part is a string,
 * `''` when absent; no `docker.io` or `library/` defaults are added.
 *
 * - `registry`: the first component when it contains `.` or `:` or is `localhost`. A spec without `/`
 *   that contains `.` or starts with `localhost` is registry-only: `registry` is then the whole spec.
 * - `namespace`: the first remaining component when more than one remains.
 * - `name`: everything after it (may contain `/`: `quay.io/a/b/c:1` has name `b/c`).
 * - `tag`: the `:tag` (only when there is a name); `id`: the `@digest`.
 */
export interface ImageReference {
    registry: string;
    namespace: string;
    name: string;
    tag: string;
    id: string;
}

/** The two parts of an ImageTag name `<stream>:<tag>`, as `splitImageTagName` returns them. */
export interface ImageTagNameParts {
    stream: string;
    tag: string;
}


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


/** A JSON value this package does not model; kept as it came. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Every model object may carry keys this version of the package does not know; they survive a round trip.
 * Every field may also be absent or `null` (as real servers send them); `null` stays `null`.
 */
export interface Unknown {
    [key: string]: unknown;
}

/** One tag of an image stream, as the `imagetags` endpoints return it. */
export interface ImageTag extends Unknown {
    kind?: 'ImageTag' | null;
    apiVersion?: 'image.openshift.io/v1' | null;
    /** The image stream's metadata with `name` set to `<stream>:<tag>`. */
    metadata?: ObjectMeta | null;
    /** The stream's spec tag; `null` for a status-only (pushed) tag. */
    spec?: TagReference | null;
    /** History and import conditions; `null` before any import or push. */
    status?: NamedTagEventList | null;
    /** The Image the newest history entry points to; always `null` in lists. */
    image?: Image | null;
}

export interface ImageTagList extends Unknown {
    kind?: 'ImageTagList' | null;
    apiVersion?: 'image.openshift.io/v1' | null;
    metadata?: ListMeta | null;
    /** `null` when the list is empty (as the server sends it). */
    items?: ImageTag[] | null;
}

/** The spec tag. */
export interface TagReference extends Unknown {
    /** Must equal the tag part of `metadata.name`. */
    name?: string | null;
    annotations?: { [key: string]: string } | null;
    from?: ObjectReference | null;
    /** `true`: do not import, only point at the reference. */
    reference?: boolean | null;
    /** Server-managed; `0` asks for a re-import. */
    generation?: number | null;
    importPolicy?: TagImportPolicy | null;
    referencePolicy?: TagReferencePolicy | null;
}

export interface ObjectReference extends Unknown {
    /** `DockerImage`, `ImageStreamTag` or `ImageStreamImage`. */
    kind?: string | null;
    namespace?: string | null;
    name?: string | null;
    uid?: string | null;
    apiVersion?: string | null;
    resourceVersion?: string | null;
    fieldPath?: string | null;
}

export interface TagImportPolicy extends Unknown {
    insecure?: boolean | null;
    scheduled?: boolean | null;
    /** `Legacy` or `PreserveOriginal`; empty means the cluster default. */
    importMode?: string | null;
}

export interface TagReferencePolicy extends Unknown {
    /** `Source` or `Local`. */
    type?: string | null;
}

export interface NamedTagEventList extends Unknown {
    tag?: string | null;
    /** Newest first; `null` when nothing was recorded (e.g. the first import failed). */
    items?: TagEvent[] | null;
    conditions?: TagEventCondition[] | null;
}

export interface TagEvent extends Unknown {
    /** RFC 3339. */
    created?: string | null;
    dockerImageReference?: string | null;
    /** Image name (a digest); empty for `reference: true` tags. */
    image?: string | null;
    generation?: number | null;
}

export interface TagEventCondition extends Unknown {
    /** Only `ImportSuccess` exists. */
    type?: string | null;
    status?: string | null;
    lastTransitionTime?: string | null;
    reason?: string | null;
    message?: string | null;
    generation?: number | null;
}

export interface Image extends Unknown {
    kind?: string | null;
    apiVersion?: string | null;
    metadata?: ObjectMeta | null;
    dockerImageReference?: string | null;
    dockerImageMetadata?: DockerImage | null;
    dockerImageMetadataVersion?: string | null;
    dockerImageManifest?: string | null;
    dockerImageLayers?: ImageLayer[] | null;
    signatures?: ImageSignature[] | null;
    dockerImageSignatures?: string[] | null;
    dockerImageManifestMediaType?: string | null;
    dockerImageConfig?: string | null;
    dockerImageManifests?: ImageManifest[] | null;
}

export interface ImageLayer extends Unknown {
    name?: string | null;
    size?: number | null;
    mediaType?: string | null;
}

export interface ImageManifest extends Unknown {
    digest?: string | null;
    mediaType?: string | null;
    manifestSize?: number | null;
    architecture?: string | null;
    os?: string | null;
    variant?: string | null;
}

export interface ImageSignature extends Unknown {
    kind?: string | null;
    apiVersion?: string | null;
    /** `name` is `<imageName>@<signatureName>`. */
    metadata?: ObjectMeta | null;
    type?: string | null;
    /** Base64. */
    content?: string | null;
    conditions?: SignatureCondition[] | null;
    imageIdentity?: string | null;
    signedClaims?: { [key: string]: string } | null;
    created?: string | null;
    issuedBy?: SignatureIssuer | null;
    issuedTo?: SignatureSubject | null;
}

export interface SignatureCondition extends Unknown {
    type?: string | null;
    status?: string | null;
    lastProbeTime?: string | null;
    lastTransitionTime?: string | null;
    reason?: string | null;
    message?: string | null;
}

export interface SignatureIssuer extends Unknown {
    organization?: string | null;
    commonName?: string | null;
}

export interface SignatureSubject extends Unknown {
    organization?: string | null;
    commonName?: string | null;
    publicKeyID?: string | null;
}

/** `dockerImageMetadata`: Docker-style metadata with capitalised keys. */
export interface DockerImage extends Unknown {
    kind?: string | null;
    apiVersion?: string | null;
    Id?: string | null;
    Parent?: string | null;
    Comment?: string | null;
    Created?: string | null;
    Container?: string | null;
    ContainerConfig?: DockerConfig | null;
    DockerVersion?: string | null;
    Author?: string | null;
    Config?: DockerConfig | null;
    Architecture?: string | null;
    Size?: number | null;
}

export interface DockerConfig extends Unknown {
    Hostname?: string | null;
    Domainname?: string | null;
    User?: string | null;
    Memory?: number | null;
    MemorySwap?: number | null;
    CPUShares?: number | null;
    CPUSet?: string | null;
    AttachStdin?: boolean | null;
    AttachStdout?: boolean | null;
    AttachStderr?: boolean | null;
    PortSpecs?: string[] | null;
    ExposedPorts?: { [port: string]: JsonValue } | null;
    Tty?: boolean | null;
    OpenStdin?: boolean | null;
    StdinOnce?: boolean | null;
    Env?: string[] | null;
    Cmd?: string[] | null;
    DNS?: string[] | null;
    Image?: string | null;
    Volumes?: { [path: string]: JsonValue } | null;
    VolumesFrom?: string | null;
    SecurityOpts?: string[] | null;
    Entrypoint?: string[] | null;
    NetworkDisabled?: boolean | null;
    OnBuild?: string[] | null;
    Labels?: { [key: string]: string } | null;
    WorkingDir?: string | null;
    StopSignal?: string | null;
}

export interface ObjectMeta extends Unknown {
    name?: string | null;
    generateName?: string | null;
    namespace?: string | null;
    selfLink?: string | null;
    uid?: string | null;
    resourceVersion?: string | null;
    generation?: number | null;
    creationTimestamp?: string | null;
    deletionTimestamp?: string | null;
    deletionGracePeriodSeconds?: number | null;
    labels?: { [key: string]: string } | null;
    annotations?: { [key: string]: string } | null;
    ownerReferences?: OwnerReference[] | null;
    finalizers?: string[] | null;
    managedFields?: ManagedFieldsEntry[] | null;
}

export interface OwnerReference extends Unknown {
    apiVersion?: string | null;
    kind?: string | null;
    name?: string | null;
    uid?: string | null;
    controller?: boolean | null;
    blockOwnerDeletion?: boolean | null;
}

export interface ManagedFieldsEntry extends Unknown {
    manager?: string | null;
    operation?: string | null;
    apiVersion?: string | null;
    time?: string | null;
    fieldsType?: string | null;
    fieldsV1?: JsonValue;
    subresource?: string | null;
}

export interface ListMeta extends Unknown {
    selfLink?: string | null;
    resourceVersion?: string | null;
    continue?: string | null;
    remainingItemCount?: number | null;
}

/** A Kubernetes Status: every API error, and DELETE's success. */
export interface Status extends Unknown {
    kind?: 'Status' | null;
    apiVersion?: string | null;
    metadata?: ListMeta | null;
    /** `Success` or `Failure`. */
    status?: string | null;
    message?: string | null;
    reason?: string | null;
    details?: StatusDetails | null;
    code?: number | null;
}

export interface StatusDetails extends Unknown {
    name?: string | null;
    group?: string | null;
    /** The resource (`imagetags`) for NotFound/AlreadyExists/Conflict, the Kind (`ImageTag`) for Invalid. */
    kind?: string | null;
    uid?: string | null;
    causes?: StatusCause[] | null;
    retryAfterSeconds?: number | null;
}

/** One field error of a 422, as the server sends it. */
export interface StatusCause extends Unknown {
    reason?: string;
    message?: string;
    field?: string;
}


/** Options of every tag-history function. */
export interface TagHistoryOptions {
    /** The time the history is rendered for: RFC 3339 text, epoch milliseconds or a `Date`. Default: now. */
    now?: string | number | Date;
    /** Hex digits of a short digest (default 12); lengthened where two digests would look the same. */
    digestLength?: number;
    /** `renderTagHistoryInto` only: the table (default) or the SVG timeline. */
    view?: 'table' | 'timeline';
}

/** What a tag is doing, decided from spec, status and image together. */
export type TagState =
| 'importFailed'
| 'importing'
| 'notImported'
| 'empty'
| 'pushed'
| 'reference'
| 'tracking'
| 'current';

/** `spec.from`, reduced to what means anything. */
export interface TagSource {
    kind: string;
    name: string;
    namespace: string;
}

/** One `ImportSuccess=False` condition. */
export interface TagImportError {
    reason: string;
    message: string;
    generation: number;
    lastTransitionTime: string | null;
    /** `humanDuration` of now minus `lastTransitionTime` (`14 minutes`); `''` when unknown. */
    age: string;
    ageSeconds: number | null;
}

/** One history entry; `entries` are newest first. */
export interface TagHistoryEntry {
    /** The newest entry: the tag's current image. */
    current: boolean;
    /** RFC 3339, as the object has it. */
    created: string;
    /** `humanDuration` of now minus `created` (`44 hours`); `''` when unknown. */
    age: string;
    ageSeconds: number | null;
    dockerImageReference: string;
    /** The image name (a digest); `''` for `reference: true` entries. */
    image: string;
    /** `sha256:` + 12 hex digits, unique within this history. */
    shortImage: string;
    generation: number;
    /** `oc describe` prints the image id after the age (the reference does not carry this digest). */
    showImageId: boolean;
}

/** A platform of a manifest list. */
export interface TagPlatform {
    os: string;
    architecture: string;
    variant: string;
    digest: string;
    shortDigest: string;
}

/** The server's table of a list (`oc get imagetags`), as `imageTagTable` returns it. */
export interface TagTable {
    /** The column names: `['Name', 'Spec', 'Status', 'History', 'Updated']`. */
    columns: string[];
    /** One row per tag, in the list's order. */
    rows: TagTableLine[];
}

/** One row of a {@link TagTable}: the tag's namespace and its cells, in column order. */
export interface TagTableLine {
    namespace: string;
    cells: string[];
}

/** The row of `oc get imagetags` (the server's table), in the server's words. */
export interface TagTableRow {
    name: string;
    /** `Tag`, `Ref`, `Scheduled`, `Track`, `Push` or `''`. */
    spec: string;
    /** `ImportFailed (<reason>)`, `Importing`, `image/<digest>`, a pull spec or source, or `''`. */
    status: string;
    /** Number of history items, `''` when none. */
    history: string;
    /** `<relative> ago`, `''` without status. */
    updated: string;
}

/** The structured view of one ImageTag that every renderer uses. */
export interface TagDescription {
    /** `metadata.name` (`<stream>:<tag>`). */
    name: string;
    namespace: string;
    stream: string;
    tag: string;
    state: TagState;
    /** The state in words (`Import failed (NotFound)`, `Importing`, `Up to date`, …). */
    stateText: string;
    /** The source line: `tagged from …`, `updates automatically from registry …`, `reference to …`, `no spec tag`, `tag without source image`. */
    source: string;
    from: TagSource | null;
    reference: boolean;
    insecure: boolean;
    scheduled: boolean;
    localReferencePolicy: boolean;
    /** `spec.importPolicy.importMode` as given (`''` when unset). */
    importMode: string;
    /** The flag lines of `oc describe` (`will use insecure HTTPS or HTTP connections`, …). */
    notes: string[];
    /** The tag-annotation lines of `oc describe` (description, `Tags: …`, `Supports: …`, `Example Repo: …`). */
    annotationLines: string[];
    /** `spec.generation` is newer than what status observed. */
    importPending: boolean;
    specGeneration: number | null;
    observedGeneration: number;
    importErrors: TagImportError[];
    entries: TagHistoryEntry[];
    manifestList: boolean;
    platforms: TagPlatform[];
    table: TagTableRow;
    /** The time the description was computed for (RFC 3339). */
    now: string;
}


/** The Kubernetes cause reason of a finding (what a 422 `details.causes[].reason` carries). */
export type FieldErrorType =
| 'FieldValueRequired'
| 'FieldValueInvalid'
| 'FieldValueForbidden'
| 'FieldValueNotSupported'
| 'FieldValueTooLong'
| 'FieldValueTooMany'
| 'FieldValueDuplicate'
| 'FieldValueNotFound'
| 'InternalError';

/** One validation finding, in the server's terms. */
export interface FieldError {
    type: FieldErrorType;
    /** The path in the server's format: `spec.from.name`, `status.items[0].image`, `metadata.labels`. */
    field: string;
    /** The offending value, when the message shows one. */
    badValue?: JsonValue;
    /** The text after the value (`must match image tag name`). */
    detail: string;
    /** The cause message exactly as the server formats it (`Invalid value: "x": must match image tag name`). */
    message: string;
}

/** `create`: the causes of a POST (default); `update`: of a PUT over `old`; `read`: checks an object as served. */
export type ValidationOperation = 'create' | 'update' | 'read';

export interface ValidateOptions {
    operation?: ValidationOperation;
    /** For `update`: the object as last read (without it, `update` is the PUT that creates the stream). */
    old?: ImageTag | string;
}

export interface ValidateListOptions {
    /** Default `read`. */
    operation?: ValidationOperation;
}

/** `errors`: exactly the 422 causes; `warnings`: accepted by the server, but will hurt. */
export interface ValidationResult {
    errors: FieldError[];
    warnings: FieldError[];
}

/** The findings of one list item (only items with findings are returned). */
export interface ItemValidationResult extends ValidationResult {
    /** Position in `items`. */
    index: number;
    /** The item's `metadata.name` (`''` when absent). */
    name: string;
}

/**
 * Validates an ImageTag (object or JSON text) as the server would: `errors` are exactly the causes of the
 * 422 the request would get (`create`, the default: a POST; `update`: a PUT over `options.old`), or, with
 * `read`, what is wrong with an object as served. Findings never throw; bad JSON throws `ImageTagError`
 * with code `parse` or `schema`.
 */
export function validateImageTag(tag: ImageTag | string, options?: ValidateOptions): ValidationResult;

/**
 * Validates every item of an ImageTagList (JSON text, the fast path, or an object; default operation
 * `read`) and returns only the items with findings. Bad JSON throws `ImageTagError` (`parse` / `schema`).
 */
export function validateImageTagList(
input: string | ImageTagList,
options?: ValidateListOptions,
): ItemValidationResult[];



/**
 * A client for the `imagetags` endpoints of `image.openshift.io/v1`. See `ImageTagClientOptions` and
 * docs/client.md for the retry policy and the quirks of this API.
 */
export class ImageTagClient {
    free(): void;
    /**
     * Creates an ImageTag (POST). Validates first unless `validate: false` (code `invalid`, nothing sent).
     */
    create(namespace: string, tag: ImageTag | string, options?: WriteOptions): Promise<ImageTag>;
    /**
     * Deletes an ImageTag (its spec and its history, §2.9); resolves to the server's `Status`.
     */
    delete(namespace: string, name: string, options?: DeleteOptions): Promise<Status>;
    /**
     * Reads one ImageTag (`name` is `<stream>:<tag>`).
     */
    get(namespace: string, name: string, options?: RequestOptions): Promise<ImageTag>;
    /**
     * Lists ImageTags, in one namespace or (without `namespace`) in all. Note (§2.5): `limit` counts image
     * streams and truncates silently (no `continue` token comes back), and `fieldSelector` on
     * `metadata.name` never matches.
     */
    list(options?: ImageTagListOptions): Promise<ImageTagList>;
    /**
     * `new ImageTagClient({ baseUrl, token?, headers?, timeoutMs?, maxRetries?, fetch? })`.
     */
    constructor(options: ImageTagClientOptions);
    /**
     * Patches an ImageTag: `type` `merge` (default), `json` or `strategic`.
     */
    patch(namespace: string, name: string, patch: MergePatch | JsonPatchOperation[] | string, options?: PatchOptions): Promise<ImageTag>;
    /**
     * `updateSpec` with a fixed new spec (`null` removes the spec tag and keeps its history).
     */
    replaceSpec(namespace: string, name: string, spec: TagReference | null, options?: WriteOptions): Promise<ImageTag>;
    /**
     * Replaces an ImageTag (PUT). Only `spec` may change: send `metadata` and `status` back exactly as
     * read (or use `updateSpec`). Validates first unless `validate: false`.
     */
    replace(namespace: string, name: string, tag: ImageTag | string, options?: WriteOptions): Promise<ImageTag>;
    /**
     * Read-modify-write of `spec`: GETs the tag, calls `update(spec)` (it may return the new spec, `null`
     * to remove the spec tag and keep history, or nothing after editing `spec` in place; a promise is
     * awaited), and PUTs the result with `metadata` (including `resourceVersion`) and `status` exactly as
     * read. On 409 Conflict (another write to the image stream came between) it starts over with a fresh
     * read, up to `maxRetries` times, so `update` may run more than once.
     */
    updateSpec(namespace: string, name: string, update: (spec: TagReference | null) => TagReference | null | void | Promise<TagReference | null | void>, options?: WriteOptions): Promise<ImageTag>;
}

declare function __wbg_reset_state(): void;

/**
 * The structured view every renderer uses: state, source line, flags, pending import, import errors and
 * the history entries newest first. `options.now` (RFC 3339 text, epoch milliseconds or a `Date`)
 * defaults to the current time.
 */
export function describeTag(tag: ImageTag | string, options?: TagHistoryOptions): TagDescription;

/**
 * `describeTag` of every tag of an ImageTagList (object or JSON text), in the list's order, in one call.
 */
export function describeTagList(list: ImageTagList | string, options?: TagHistoryOptions): TagDescription[];

/**
 * The exact form of a reference (OpenShift's `Exact()`): `[registry/][namespace/]name` plus `@id` (or `:id`
 * when the id is not a digest), else `:tag`. Missing fields count as `''`.
 */
export function formatImageReference(r: ImageReference): string;

/**
 * The relative-time words `oc` prints (`44 hours`, `2 weeks`, `3 months`); fractions of a second are
 * dropped, as `oc` does.
 */
export function humanDuration(seconds: number): string;

/**
 * The server's table of a list, as `oc get imagetags` prints it (docs/semantics.md §4.3): the column
 * names and, per tag in the list's order, its namespace and cells. `options.now` as for `describeTag`.
 */
export function imageTagTable(list: ImageTagList | string, options?: TagHistoryOptions): TagTable;

/**
 * Parses a pull spec by OpenShift's grammar and splitting rules into `{ registry, namespace, name, tag, id }`
 * (`''` when absent). Throws `ImageTagError` with code `reference` and the exact OpenShift message.
 */
export function parseImageReference(spec: string): ImageReference;

/**
 * Parses an ImageTag from JSON text or a plain object. Lossless: unknown fields, `null`s and absent keys
 * come back as they were. Throws `ImageTagError` with code `parse` (line, column) or `schema` (path).
 */
export function parseImageTag(input: string | object): ImageTag;

/**
 * Parses an ImageTagList from JSON text or a plain object (`items: null` is kept as `null`).
 */
export function parseImageTagList(input: string | object): ImageTagList;

/**
 * An HTML fragment: an accessible table of the history, every object string escaped; no scripts, event
 * handlers, `style` attributes or URLs.
 */
export function renderTagHistoryHtml(tag: ImageTag | string, options?: TagHistoryOptions): string;

/**
 * `renderTagHistoryHtml` of every tag of an ImageTagList (object or JSON text), in the list's order, in
 * one call: each fragment is exactly what `renderTagHistoryHtml(tag, options)` gives for that tag. Errors
 * name the item (`items[3].status`).
 */
export function renderTagHistoryHtmlList(list: ImageTagList | string, options?: TagHistoryOptions): string[];

/**
 * Browser only: replaces the children of `element` with the history table (or, with
 * `options.view: 'timeline'`, the SVG timeline), built as DOM nodes — the same elements, attributes and
 * texts as `renderTagHistoryHtml` / `renderTagHistorySvg`, never through `innerHTML`.
 */
export function renderTagHistoryInto(element: Element, tag: ImageTag | string, options?: TagHistoryOptions): void;

/**
 * A standalone SVG timeline of the history, with the same escaping rules.
 */
export function renderTagHistorySvg(tag: ImageTag | string, options?: TagHistoryOptions): string;

/**
 * The tag's block in the layout of `oc describe imagestream`.
 */
export function renderTagHistoryText(tag: ImageTag | string, options?: TagHistoryOptions): string;

/**
 * `renderTagHistoryText` of every tag of an ImageTagList (object or JSON text), in the list's order, in
 * one call: each block is exactly what `renderTagHistoryText(tag, options)` gives for that tag.
 */
export function renderTagHistoryTextList(list: ImageTagList | string, options?: TagHistoryOptions): string[];

/**
 * Serializes an ImageTag to JSON text, keeping every field it was given.
 */
export function serializeImageTag(tag: ImageTag): string;

/**
 * `sha256:` plus the first `length` (default 12) hex digits of a digest. `length` follows the rule of the
 * `digestLength` option: a positive integer, else an `ImageTagError` with code `schema`.
 */
export function shortDigest(digest: string, length?: number | null): string;

/**
 * Splits `<stream>:<tag>` by the rule of GET/PUT/PATCH/DELETE (exactly one `:`, text on both sides, no `@`).
 * Throws `ImageTagError` with code `name` and `ImageTags must be retrieved with <name>:<tag>`.
 */
export function splitImageTagName(name: string): ImageTagNameParts;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly [rawExport: string]: unknown;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
