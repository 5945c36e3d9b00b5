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
