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
