// @ts-check
// Plain words for the validator's and the server's messages that quote a value the reader did not type or a
// raw regular expression. The exact text stays next to them: it is what the server will say.

/** @typedef {{ field?: string, message?: string, type?: string, badValue?: unknown }} Finding */

/** @type {Array<[RegExp, (f: Finding) => boolean, string]>} */
const RULES = [
  [
    /must match "\[a-z0-9\]\+/,
    (f) => f.field === 'metadata.name',
    'The image stream name (before the colon) takes lower-case letters and digits, with single ".", "_" or "-" between them.',
  ],
  [
    /must match image tag name/,
    (f) => f.field === 'spec.name' && f.badValue === 'latest',
    'Write the name as <image stream>:<tag>, for example web:latest.',
  ],
  [
    /must match image tag name/,
    () => true,
    'The tag (after the colon) takes letters, digits, "_", "." and "-", up to 128 characters, and does not start with "." or "-".',
  ],
  [
    /RFC 1123 label/,
    () => true,
    'A namespace takes lower-case letters, digits and "-", and starts and ends with a letter or digit (for example my-project).',
  ],
  [/name or generateName is required/, () => true, 'Give the name, as <image stream>:<tag>.'],
  [/^Required value$/, (f) => f.field === 'metadata.namespace', 'Give the namespace.'],
  [
    /^Required value$/,
    (f) => f.field === 'spec.from.name',
    'Give the source: a pull spec, a tag of an image stream, or an image (stream@digest).',
  ],
];

/**
 * A plain-words line for a finding, or '' when its own text reads well.
 * @param {Finding} f
 */
export function plainWords(f) {
  const message = f.message || '';
  for (const [re, when, text] of RULES) if (re.test(message) && when(f)) return text;
  return '';
}
