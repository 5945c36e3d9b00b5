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
