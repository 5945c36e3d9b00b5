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
