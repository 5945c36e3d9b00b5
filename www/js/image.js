// @ts-check
// The current image of a tag (the `image` field of a GET): digest, layers and sizes, the platforms of a
// manifest list, signatures and the container config.
import { h, dl, badge } from './dom.js';
import { formatSize, shortDigest } from './format.js';
import { ageEl } from './ages.js';

/** @typedef {import('imagetag').Image} Image */

/** @param {string} d */
function digestCode(d) {
  return h('code', { class: 'digest', title: d }, shortDigest(d));
}

/** @param {import('imagetag').ImageLayer[]} layers */
function layersTable(layers) {
  const total = layers.reduce((s, l) => s + (typeof l.size === 'number' ? l.size : 0), 0);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'layers' },
      h(
        'caption',
        null,
        `${layers.length} layer${layers.length === 1 ? '' : 's'}, ${formatSize(total)} in total (base first)`,
      ),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', class: 'col-num' }, 'Size'),
          h('th', { scope: 'col' }, 'Digest'),
          h('th', { scope: 'col', class: 'col-media' }, 'Media type'),
        ),
      ),
      h(
        'tbody',
        null,
        layers.map((l) =>
          h(
            'tr',
            null,
            h('td', { class: 'col-num' }, formatSize(l.size)),
            h('td', null, digestCode(l.name || '')),
            h('td', { class: 'col-media' }, h('code', null, l.mediaType || '')),
          ),
        ),
      ),
    ),
  );
}

/** @param {import('imagetag').ImageManifest[]} manifests */
function platformsTable(manifests) {
  const sorted = [...manifests].sort(
    (a, b) => (a.os || '').localeCompare(b.os || '') || (a.architecture || '').localeCompare(b.architecture || ''),
  );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'platforms' },
      h('caption', null, `${sorted.length} platform${sorted.length === 1 ? '' : 's'} in the manifest list`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'OS'),
          h('th', { scope: 'col' }, 'Architecture'),
          h('th', { scope: 'col' }, 'Digest'),
          h('th', { scope: 'col', class: 'col-num' }, 'Manifest size'),
        ),
      ),
      h(
        'tbody',
        null,
        sorted.map((m) =>
          h(
            'tr',
            null,
            h('td', null, m.os || ''),
            h('td', null, `${m.architecture || ''}${m.variant ? `/${m.variant}` : ''}`),
            h('td', null, digestCode(m.digest || '')),
            h('td', { class: 'col-num' }, formatSize(m.manifestSize)),
          ),
        ),
      ),
    ),
  );
}

/** @param {import('imagetag').ImageSignature} sig */
function signatureBlock(sig) {
  const verified = !!sig.issuedBy;
  /** @param {import('imagetag').SignatureIssuer | null | undefined} x */
  const who = (x) => [x?.organization, x?.commonName].filter(Boolean).join(', ');
  return h(
    'li',
    { class: 'signature' },
    h(
      'div',
      { class: 'sig-head' },
      badge(verified ? 'Verified' : 'Unverified', verified ? 'ok' : 'warn'),
      ' ',
      h(
        'code',
        { title: sig.metadata?.name || '' },
        sig.metadata?.name?.split('@').pop() || sig.metadata?.name || '(unnamed)',
      ),
    ),
    dl([
      ['Type', sig.type],
      ['Issued by', who(sig.issuedBy)],
      ['Issued to', who(sig.issuedTo)],
      ['Public key', sig.issuedTo?.publicKeyID],
      ['Identity', sig.imageIdentity],
      ['Created', sig.created ? ageEl(sig.created) : null],
    ]),
    Array.isArray(sig.conditions) && sig.conditions.length
      ? h(
          'ul',
          { class: 'sig-conditions' },
          sig.conditions.map((c) =>
            h(
              'li',
              null,
              `Signature is ${c.status === 'True' ? '' : c.status === 'False' ? 'not ' : 'maybe '}${c.type}`,
              c.message ? ` (${c.message}${c.lastProbeTime ? ` on ${c.lastProbeTime}` : ''})` : '',
            ),
          ),
        )
      : null,
  );
}

/** @param {import('imagetag').DockerConfig | null | undefined} config */
function configBlock(config) {
  if (!config || typeof config !== 'object') return null;
  /** @param {unknown} v */
  const list = (v) => (Array.isArray(v) && v.length ? v.join(' ') : null);
  const ports =
    config.ExposedPorts && Object.keys(config.ExposedPorts).length ? Object.keys(config.ExposedPorts).join(', ') : null;
  const labels = config.Labels && Object.keys(config.Labels).length ? config.Labels : null;
  const env = Array.isArray(config.Env) && config.Env.length ? config.Env : null;
  return h(
    'div',
    { class: 'image-config' },
    h('h4', null, 'Container configuration'),
    dl([
      ['Entrypoint', list(config.Entrypoint) && h('code', null, list(config.Entrypoint))],
      ['Command', list(config.Cmd) && h('code', null, list(config.Cmd))],
      ['Working dir', config.WorkingDir],
      ['User', config.User],
      ['Exposes ports', ports],
    ]),
    env
      ? h(
          'details',
          null,
          h('summary', null, `Environment (${env.length})`),
          h(
            'ul',
            { class: 'plain mono' },
            env.map((e) => h('li', null, e)),
          ),
        )
      : null,
    labels
      ? h(
          'details',
          null,
          h('summary', null, `Labels (${Object.keys(labels).length})`),
          dl(
            Object.entries(labels)
              .sort()
              .map(([k, v]) => [k, v]),
            'props mono',
          ),
        )
      : null,
  );
}

/**
 * The details of `image` (as a GET returns it), or a note when there is none.
 * @param {Image | null | undefined} image
 */
export function renderImage(image) {
  if (!image) {
    return h(
      'p',
      { class: 'muted' },
      'No current image: the tag has no history yet, its newest entry has no image (reference tags), or the Image object is gone.',
    );
  }
  const meta = image.dockerImageMetadata || {};
  const manifests = Array.isArray(image.dockerImageManifests) ? image.dockerImageManifests : [];
  const layers = Array.isArray(image.dockerImageLayers) ? image.dockerImageLayers : [];
  const signatures = Array.isArray(image.signatures) ? image.signatures : [];
  const annotations = image.metadata?.annotations || {};
  return h(
    'div',
    { class: 'image-details' },
    dl([
      ['Image', h('code', { class: 'digest-full' }, image.metadata?.name || '')],
      ['Pull spec', h('code', { class: 'wrap' }, image.dockerImageReference || '')],
      ['Media type', image.dockerImageManifestMediaType && h('code', null, image.dockerImageManifestMediaType)],
      [
        'Kind',
        manifests.length
          ? 'Manifest list (every platform imported)'
          : annotations['openshift.io/image.managed'] === 'true'
            ? 'Pushed to the integrated registry'
            : 'Single image',
      ],
      ['Created', meta.Created ? h('span', null, ageEl(meta.Created)) : null],
      ['Architecture', meta.Architecture],
      [
        'Size',
        typeof meta.Size === 'number' && meta.Size > 0
          ? `${formatSize(meta.Size)}${layers.length ? ` in ${layers.length} layers` : ''}`
          : null,
      ],
      ['Author', meta.Author],
    ]),
    manifests.length ? platformsTable(manifests) : null,
    layers.length ? layersTable(layers) : null,
    signatures.length
      ? h(
          'div',
          { class: 'signatures' },
          h('h4', null, `Signatures (${signatures.length})`),
          h('ul', { class: 'plain' }, signatures.map(signatureBlock)),
        )
      : h('p', { class: 'muted small' }, 'No signatures.'),
    configBlock(meta.Config),
  );
}
