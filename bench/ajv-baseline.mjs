// The validation baseline: Ajv 8 (draft-07) + ajv-formats, compiled once from the OpenAPI definitions in
// /work/shared/spec/imagetag-openapi.schema.json. Bundled by esbuild for the page and for the size row.
//
// How Ajv is made to accept that schema without giving up strict mode: the schema uses the Kubernetes
// extension keywords `x-kubernetes-*`, which strict mode rejects as unknown ("strict mode: unknown keyword"),
// so they are declared as a vocabulary (annotation-only keywords; `strict: false` would work as well and
// validates identically). Its formats (`date-time`, `int64`, `byte`) come from ajv-formats, so they are
// checked, not ignored. `allErrors: true` because validateImageTagList reports every finding of every item;
// with the default Ajv would stop at the first error (the schema calls `items: null` and
// `lastTransitionTime: null` errors, though real servers send them, §1.9), and do far less work.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export const KUBERNETES_KEYWORDS = [
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
];
export const LIST_DEFINITION = 'com.github.openshift.api.image.v1.ImageTagList';

/** Compiles the ImageTagList validator; returns the Ajv validate function (errors in `.errors`). */
export function compileListValidator(schema) {
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  addFormats(ajv);
  ajv.addSchema(schema, 'imagetag-openapi');
  return ajv.compile({ $ref: `imagetag-openapi#/definitions/${LIST_DEFINITION}` });
}
