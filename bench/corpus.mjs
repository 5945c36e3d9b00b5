// Deterministic generator of realistic ImageTag corpora (docs/semantics.md §1, §2.5, §5; the examples
// in tests/data/examples/ are the models). Pure ES module without Node imports, so the page can load it too.
//
//   generateList({ tags, seed })  -> an ImageTagList as LIST returns it: streams in (namespace, name) order,
//                                    tags sorted by byte order within a stream, the stream's metadata on every
//                                    item (same uid/resourceVersion/generation), no kind/apiVersion on items,
//                                    `image: null` always, empty ListMeta, 1–12 history items, conditions on
//                                    some, `null`s where servers put them. About 2 KB of JSON per tag.
//   generateFull({ tags, seed })  -> an array of ImageTags as GET returns them: `image` filled from the newest
//                                    history item (layers, manifest lists, signatures), rewritten per policy.
//
// Same seed, same bytes: `JSON.stringify` of the result is what the benchmarks feed to both sides.

const INTERNAL_REGISTRY = 'image-registry.openshift-image-registry.svc:5000';
/** "Now" of the corpus: every time in it is before this, and the renderers get it as `options.now`. */
export const CORPUS_NOW = '2025-03-10T12:00:00Z';
const NOW_S = Date.parse(CORPUS_NOW) / 1000;

/** sfc32: small, fast, good enough, and the same in every JS engine. */
export function rng(seed) {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    hex: (n) => {
      let s = '';
      while (s.length < n)
        s += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      return s.slice(0, n);
    },
    digest: () => `sha256:${r.hex(64)}`,
    uuid: () => {
      const h = r.hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    base64: (bytes) => {
      const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      let s = '';
      for (let i = 0; i < Math.ceil(bytes / 3) * 4; i++) s += abc[Math.floor(next() * 64)];
      return s;
    },
  };
  return r;
}

/** Unix seconds -> RFC 3339 UTC with second precision, as servers send times. */
export function rfc3339(s) {
  return new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAMESPACES = [
  'apps-prod',
  'apps-stage',
  'ci-tools',
  'data-platform',
  'demo',
  'ml-serving',
  'openshift',
  'payments',
  'shop',
  'team-a',
  'team-b',
  'web-portal',
];
const STREAM_WORDS = [
  'api',
  'app',
  'auth',
  'billing',
  'builder',
  'cart',
  'catalog',
  'cli',
  'db-migrate',
  'frontend',
  'gateway',
  'golang',
  'httpd',
  'java',
  'jenkins-agent',
  'minimal',
  'mysql',
  'nginx',
  'nodejs',
  'notifier',
  'php',
  'postgresql',
  'python',
  'redis',
  'ruby',
  'runtime',
  'search',
  'tools',
  'ubi9',
  'worker',
];
const REGISTRIES = [
  'quay.io',
  'registry.example.com',
  'registry.redhat.io',
  'ghcr.io',
  'docker.io',
  'mirror.internal.example.com:5000',
];
const REASONS = [
  ['NotFound', (r) => `dockerimage.image.openshift.io "${r}" not found`],
  ['Unauthorized', (r) => `you may not have access to the container image "${r}"`],
  [
    'InternalError',
    (r) => `Internal error occurred: ${r}: Get "https://${r.split('/')[0]}/v2/": dial tcp: i/o timeout`,
  ],
  ['ImportFailed', () => 'unknown error prevented import'],
];
const LAYER_TYPES = [
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.oci.image.layer.v1.tar+gzip',
];

function tagNames(r, n) {
  const names = new Set();
  const fixed = ['latest', 'stable', 'canary', 'dev', 'main', 'next'];
  while (names.size < n) {
    const k = r.int(0, 9);
    if (k < 2) names.add(r.pick(fixed));
    else if (k < 5) names.add(`${r.int(1, 9)}.${r.int(0, 24)}`);
    else if (k < 7) names.add(`v${r.int(0, 5)}.${r.int(0, 30)}.${r.int(0, 40)}`);
    else if (k < 8) names.add(`${r.int(1, 3)}.${r.int(0, 12)}-ubi${r.pick([8, 9])}`);
    else if (k < 9) names.add(`pr-${r.int(100, 9999)}`);
    else names.add(`sha-${r.hex(7)}`);
  }
  // LIST sorts the tags of a stream by byte order (§2.5).
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Streams in storage order (namespace, then name), each with its tags, until `total` tags exist. */
function streams(r, total) {
  const out = [];
  const used = new Set();
  let count = 0;
  while (count < total) {
    const ns = r.pick(NAMESPACES);
    let name = r.pick(STREAM_WORDS);
    if (r.chance(0.6))
      name += `-${r.pick(['svc', 'base', 'v2', 'ext', 'lts', 'edge'])}${r.chance(0.5) ? r.int(1, 99) : ''}`;
    if (used.has(`${ns}/${name}`)) continue;
    used.add(`${ns}/${name}`);
    const n = Math.min(total - count, r.chance(0.1) ? r.int(10, 40) : r.int(1, 8));
    out.push({ ns, name, n });
    count += n;
  }
  out.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function streamMeta(r, ns, name) {
  const created = NOW_S - r.int(86400 * 3, 86400 * 500);
  const generation = r.int(1, 60);
  const check = rfc3339(NOW_S - r.int(60, 86400 * 3));
  const meta = {
    namespace: ns,
    uid: r.uuid(),
    resourceVersion: String(r.int(100000, 99999999)),
    generation,
    creationTimestamp: rfc3339(created),
  };
  if (r.chance(0.6)) {
    meta.labels = { 'app.kubernetes.io/part-of': r.pick(['shop', 'payments', 'platform', 'portal']) };
    if (r.chance(0.5)) meta.labels['app.kubernetes.io/name'] = name;
  }
  if (r.chance(0.85)) {
    meta.annotations = { 'openshift.io/image.dockerRepositoryCheck': check };
    if (r.chance(0.15)) meta.annotations['openshift.io/display-name'] = `${name} images <${ns}> & co`;
  }
  if (r.chance(0.4)) {
    meta.managedFields = [
      {
        manager: 'oc',
        operation: 'Update',
        apiVersion: 'image.openshift.io/v1',
        time: rfc3339(created),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app.kubernetes.io/part-of': {} } },
          'f:spec': { 'f:lookupPolicy': { '.': {}, 'f:local': {} } },
        },
      },
      {
        manager: 'openshift-apiserver',
        operation: 'Update',
        apiVersion: 'image.openshift.io/v1',
        time: check,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:dockerImageRepository': {}, 'f:tags': {} } },
        subresource: 'status',
      },
    ];
  }
  return { meta, generation, created };
}

/**
 * One tag of a stream: everything LIST carries, plus what GET needs to build `image` (`_gen`).
 * Kinds (of all tags): DockerImage imports ~57% (some scheduled, some PreserveOriginal, some Local, some with a
 * failing re-import), pushed/status-only ~15%, ImageStreamTag tracking ~10%, reference-only ~6%, first import
 * failed (`items: null`) ~4%, spec-only (not imported yet) ~4%, other quirks (null generation, null
 * lastTransitionTime, insecure, annotations) sprinkled in.
 */
function tag(r, s, t) {
  const { ns, name, meta, generation: streamGen, created: streamCreated } = s;
  const metadata = { name: `${name}:${t}` };
  Object.assign(metadata, meta);
  const repoPath = `${r.pick(['example', 'acme', 'team', 'library', 'org/sub'])}/${name}`;
  const registry = r.pick(REGISTRIES);
  const source = `${registry}/${repoPath}`;
  const k = r.next();
  const kind =
    k < 0.57
      ? 'import'
      : k < 0.72
        ? 'pushed'
        : k < 0.82
          ? 'track'
          : k < 0.88
            ? 'reference'
            : k < 0.92
              ? 'firstFailed'
              : k < 0.96
                ? 'specOnly'
                : 'import';
  let spec = null;
  let status = null;
  const gen = Math.max(1, streamGen - r.int(0, 5));
  const mode = r.chance(0.2) ? 'PreserveOriginal' : 'Legacy';
  const policy = r.chance(0.15) ? 'Local' : 'Source';

  if (kind !== 'pushed') {
    const from =
      kind === 'track'
        ? r.chance(0.7)
          ? { kind: 'ImageStreamTag', name: `${r.pick(STREAM_WORDS)}:${r.pick(['latest', 'stable', '1.4'])}` }
          : {
              kind: 'ImageStreamTag',
              namespace: 'openshift',
              name: `${r.pick(STREAM_WORDS)}:${r.pick(['latest', '9.4'])}`,
            }
        : { kind: 'DockerImage', name: `${source}:${t}` };
    spec = { name: t, annotations: null, from };
    if (r.chance(0.08)) {
      spec.annotations = {
        description: `Build and run ${name} <${t}> applications & "friends"`,
        tags: `builder,${name}`,
        supports: `${name}:${t}`,
        sampleRepo: `https://github.com/example/${name}-ex.git`,
      };
    }
    if (kind === 'reference') spec.reference = true;
    spec.generation = r.chance(0.01) ? null : gen;
    const importPolicy = {};
    if (from.kind === 'DockerImage' && kind === 'import' && r.chance(0.3)) importPolicy.scheduled = true;
    if (r.chance(0.03)) importPolicy.insecure = true;
    importPolicy.importMode = mode;
    spec.importPolicy = importPolicy;
    spec.referencePolicy = { type: policy };
  }

  let items = null;
  let conditions;
  if (kind === 'firstFailed') {
    items = null;
  } else if (kind !== 'specOnly') {
    const n = r.int(1, 12);
    items = [];
    let at = NOW_S - r.int(600, 86400 * 20);
    let g = gen;
    if (r.chance(0.1) && spec && g > 1) g -= 1; // an import is pending: spec.generation > items[0].generation
    for (let i = 0; i < n && at > streamCreated; i++) {
      const digest = r.digest();
      let ref;
      if (kind === 'pushed') ref = `${INTERNAL_REGISTRY}/${ns}/${name}@${digest}`;
      else if (kind === 'reference') ref = `${source}:${t}`;
      else if (kind === 'track')
        ref = `${INTERNAL_REGISTRY}/${spec.from.namespace || ns}/${spec.from.name.split(':')[0]}@${digest}`;
      else ref = `${source}@${digest}`;
      items.push({
        created: rfc3339(at),
        dockerImageReference: ref,
        image: kind === 'reference' ? '' : digest,
        generation: g,
      });
      at -= r.int(3600, 86400 * 30);
      if (r.chance(0.5)) g = Math.max(1, g - r.int(1, 3));
    }
    if (items.length === 0)
      items.push({
        created: rfc3339(streamCreated + 60),
        dockerImageReference: `${source}@${r.digest()}`,
        image: '',
        generation: 1,
      });
    if (kind === 'reference') for (const it of items) it.image = '';
  }
  if (kind === 'firstFailed' || (kind === 'import' && r.chance(0.12))) {
    const [reason, message] = r.pick(REASONS);
    conditions = [
      {
        type: 'ImportSuccess',
        status: 'False',
        lastTransitionTime: r.chance(0.05) ? null : rfc3339(NOW_S - r.int(60, 86400)),
        reason,
        message: message(`${source}:${t}`),
        generation: gen,
      },
    ];
  }
  if (kind !== 'specOnly') {
    status = { tag: t, items };
    if (conditions) status.conditions = conditions;
  }
  return { metadata, spec, status, image: null, _gen: { kind, source, policy, mode, ns, name } };
}

function dockerImage(r, digest, at, mediaType, nLayers) {
  const layers = [];
  let size = r.int(2000, 20000);
  const layerType = mediaType.includes('oci') ? LAYER_TYPES[1] : LAYER_TYPES[0];
  for (let i = 0; i < nLayers; i++) {
    const s = i === 0 ? r.int(20e6, 80e6) : r.int(1e3, 30e6);
    size += s;
    layers.push({ name: r.digest(), size: s, mediaType: layerType });
  }
  const config = {};
  if (r.chance(0.8)) config.User = r.pick(['1001', '65532', 'root', '0']);
  if (r.chance(0.7)) config.ExposedPorts = { [`${r.pick([8080, 8443, 9000, 3000])}/tcp`]: {} };
  config.Env = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
  for (let i = r.int(0, 6); i > 0; i--)
    config.Env.push(
      `${r.pick(['APP', 'HOME', 'LANG', 'JAVA', 'NODE', 'PY'])}_${r.hex(4).toUpperCase()}=${r.pick(['/opt/app', 'production', 'C.utf8', '-Xmx512m', 'on'])}`,
    );
  config.Cmd = r.pick([
    ['/opt/app/bin/server'],
    ['npm', 'start'],
    ['/bin/bash'],
    ['python3', '-m', 'app'],
    ['/usr/bin/run'],
  ]);
  if (r.chance(0.6)) config.WorkingDir = r.pick(['/opt/app', '/opt/app-root/src', '/srv']);
  config.Labels = { 'org.opencontainers.image.version': `${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}` };
  if (r.chance(0.5))
    Object.assign(config.Labels, {
      'io.openshift.build.name': `build-${r.int(1, 300)}`,
      'io.openshift.build.namespace': 'demo',
      summary: 'An image <for> "tests" & benchmarks',
    });
  return {
    meta: {
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: r.chance(0.5) ? digest : r.digest(),
      Created: r.chance(0.02) ? null : rfc3339(at - r.int(60, 86400)),
      ContainerConfig: {},
      Config: config,
      Architecture: r.pick(['amd64', 'amd64', 'arm64']),
      Size: size,
    },
    layers,
  };
}

function signature(r, image, at, trusted) {
  const sig = {
    metadata: { name: `${image}@${r.hex(32)}`, creationTimestamp: rfc3339(at + 120) },
    type: 'AtomicImageV1',
    content: r.base64(r.int(200, 600)),
  };
  if (trusted) {
    const t = rfc3339(at + 120);
    sig.conditions = [
      {
        type: 'Trusted',
        status: 'True',
        lastProbeTime: t,
        lastTransitionTime: t,
        reason: 'Verified',
        message: 'signature verified against the trusted key',
      },
      {
        type: 'ForImage',
        status: 'True',
        lastProbeTime: t,
        lastTransitionTime: t,
        reason: 'Matched',
        message: 'signature digest matches the image',
      },
    ];
    sig.imageIdentity = 'registry.example.com/base/minimal:9.4';
    sig.signedClaims = { creator: 'example-signer 1.0', timestamp: String(at) };
    sig.created = rfc3339(at - 60);
    sig.issuedBy = { organization: 'Example Corp', commonName: 'Example Product Signing' };
    sig.issuedTo = { organization: 'Example Corp', commonName: 'Example Release Key 2', publicKeyID: `0x${r.hex(16)}` };
  }
  return sig;
}

/** The Image of a GET response for the newest history item, or null (§1.7, §2.4). */
function image(r, t) {
  const items = t.status?.items;
  if (!items || items.length === 0 || items[0].image === '') return null;
  const top = items[0];
  const at = Date.parse(top.created) / 1000;
  const { kind, policy, mode, ns, name } = t._gen;
  const list = mode === 'PreserveOriginal' && kind === 'import';
  const mediaType = list
    ? r.pick(['application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.oci.image.index.v1+json'])
    : r.pick(['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json']);
  const annotations = { 'image.openshift.io/dockerLayersOrder': 'ascending' };
  if (kind === 'pushed') annotations['openshift.io/image.managed'] = 'true';
  const img = {
    metadata: {
      name: top.image,
      uid: r.uuid(),
      resourceVersion: String(r.int(100000, 99999999)),
      creationTimestamp: top.created,
      annotations,
    },
    dockerImageReference:
      policy === 'Local' ? `${INTERNAL_REGISTRY}/${ns}/${name}@${top.image}` : top.dockerImageReference,
  };
  if (list) {
    img.dockerImageMetadata = {
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: top.image,
      Created: top.created,
      ContainerConfig: {},
    };
    img.dockerImageMetadataVersion = '1.0';
    img.dockerImageManifestMediaType = mediaType;
    const sub = mediaType.includes('oci')
      ? 'application/vnd.oci.image.manifest.v1+json'
      : 'application/vnd.docker.distribution.manifest.v2+json';
    const platforms = [
      ['amd64', 'linux'],
      ['arm64', 'linux', 'v8'],
      ['ppc64le', 'linux'],
      ['s390x', 'linux'],
    ].slice(0, r.int(2, 4));
    img.dockerImageManifests = platforms.map(([architecture, os, variant]) => {
      const m = { digest: r.digest(), mediaType: sub, manifestSize: r.int(400, 3000), architecture, os };
      if (variant) m.variant = variant;
      return m;
    });
    return img;
  }
  const d = dockerImage(r, top.image, at, mediaType, r.int(1, 8));
  img.dockerImageMetadata = d.meta;
  img.dockerImageMetadataVersion = '1.0';
  img.dockerImageLayers = d.layers;
  if (r.chance(0.15))
    img.signatures = [
      signature(r, top.image, at, true),
      ...(r.chance(0.5) ? [signature(r, top.image, at, false)] : []),
    ];
  img.dockerImageManifestMediaType = mediaType;
  return img;
}

function* tagsOf(r, total) {
  for (const s of streams(r, total)) {
    const { meta, generation, created } = streamMeta(r, s.ns, s.name);
    const st = { ns: s.ns, name: s.name, meta, generation, created };
    for (const t of tagNames(r, s.n)) yield tag(r, st, t);
  }
}

/** An ImageTagList of `tags` items as LIST returns it (§2.5, example 5.9). */
export function generateList({ tags = 10000, seed = 20250310 } = {}) {
  const r = rng(seed);
  const items = [];
  for (const t of tagsOf(r, tags)) {
    delete t._gen;
    items.push(t);
  }
  return { kind: 'ImageTagList', apiVersion: 'image.openshift.io/v1', metadata: {}, items };
}

/** `tags` ImageTags as GET returns them (§2.4, examples 5.1–5.8): kind/apiVersion and `image` filled. */
export function generateFull({ tags = 1000, seed = 20250311 } = {}) {
  const r = rng(seed);
  const out = [];
  for (const t of tagsOf(r, tags)) {
    const img = image(r, t);
    out.push({
      kind: 'ImageTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: t.metadata,
      spec: t.spec,
      status: t.status,
      image: img,
    });
  }
  return out;
}
