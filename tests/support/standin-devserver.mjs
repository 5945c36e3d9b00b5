// A tiny stand-in for `imagetag-devserver`, used by tests/browser_client.rs until the real devserver lands.
// It implements just enough of imagetag-semantics.md §2 (in memory, demo seed) and the `/simulator/v1/faults`
// endpoint the client tests use. Same command line and first output line as the real one:
//   node tests/support/standin-devserver.mjs --listen 127.0.0.1:0 --seed demo --cors-origin '*'
//   -> listening on http://127.0.0.1:PORT
import http from 'node:http';
import crypto from 'node:crypto';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const listen = arg('--listen', '127.0.0.1:8080');
const cors = arg('--cors-origin', null);
const token = arg('--token', null);
const GROUP = 'image.openshift.io';
const PREFIX = '/apis/image.openshift.io/v1';

let rvCounter = 1000;
const streams = new Map(); // "ns/name" -> stream
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function newStream(ns, name) {
  return {
    meta: {
      name,
      namespace: ns,
      uid: crypto.randomUUID(),
      resourceVersion: String(++rvCounter),
      generation: 1,
      creationTimestamp: now(),
    },
    spec: new Map(),
    status: new Map(),
  };
}
function seed() {
  const app = newStream('demo', 'app');
  app.meta.labels = { 'app.kubernetes.io/part-of': 'shop' };
  app.spec.set('latest', {
    name: 'latest',
    annotations: null,
    from: { kind: 'DockerImage', name: 'quay.io/example/app:latest' },
    generation: 1,
    importPolicy: { importMode: 'Legacy' },
    referencePolicy: { type: 'Source' },
  });
  app.status.set('latest', {
    tag: 'latest',
    items: [
      {
        created: '2025-03-10T11:45:03Z',
        dockerImageReference: `quay.io/example/app@sha256:${'b'.repeat(64)}`,
        image: `sha256:${'b'.repeat(64)}`,
        generation: 1,
      },
      {
        created: '2025-03-01T08:00:00Z',
        dockerImageReference: `quay.io/example/app@sha256:${'a'.repeat(64)}`,
        image: `sha256:${'a'.repeat(64)}`,
        generation: 1,
      },
    ],
  });
  app.spec.set('canary', {
    name: 'canary',
    annotations: null,
    from: { kind: 'DockerImage', name: 'quay.io/example/app:canary' },
    generation: 1,
    importPolicy: { importMode: 'Legacy' },
    referencePolicy: { type: 'Source' },
  });
  streams.set('demo/app', app);
  const web = newStream('other', 'web');
  web.status.set('v1', {
    tag: 'v1',
    items: [
      {
        created: '2025-02-01T00:00:00Z',
        dockerImageReference: `image-registry.openshift-image-registry.svc:5000/other/web@sha256:${'c'.repeat(64)}`,
        image: `sha256:${'c'.repeat(64)}`,
        generation: 1,
      },
    ],
  });
  streams.set('other/web', web);
}
if (arg('--seed', 'demo') === 'demo') seed();

const project = (s, tag) => ({
  kind: 'ImageTag',
  apiVersion: 'image.openshift.io/v1',
  metadata: { ...structuredClone(s.meta), name: `${s.meta.name}:${tag}` },
  spec: s.spec.has(tag) ? structuredClone(s.spec.get(tag)) : null,
  status: s.status.has(tag) ? structuredClone(s.status.get(tag)) : null,
  image: null,
});
const status = (code, reason, message, details) => {
  const st = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) st.details = details;
  return st;
};
const notFound = (resource, name) =>
  status(404, 'NotFound', `${resource}.${GROUP} "${name}" not found`, { name, group: GROUP, kind: resource });
const badName = () => status(400, 'BadRequest', 'ImageTags must be retrieved with <name>:<tag>');
function splitName(name) {
  const parts = name.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1] || name.includes('@')) return null;
  return parts;
}
function invalid(name, causes) {
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  return status(
    422,
    'Invalid',
    `ImageTag.${GROUP} "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(', ')}]`}`,
    { name, group: GROUP, kind: 'ImageTag', causes },
  );
}
function validateSpec(tagName, spec, causes) {
  if (spec.name !== tagName)
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(spec.name ?? '')}: must match image tag name`,
      field: 'spec.name',
    });
  const kind = spec.from?.kind;
  if (spec.from && !['DockerImage', 'ImageStreamTag', 'ImageStreamImage'].includes(kind))
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(kind ?? '')}: valid values are "DockerImage", "ImageStreamImage", "ImageStreamTag"`,
      field: 'spec.from.kind',
    });
  const rp = spec.referencePolicy?.type;
  if (rp && !['Source', 'Local'].includes(rp))
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(rp)}: valid values are "Source", "Local"`,
      field: 'spec.referencePolicy.type',
    });
}
function defaults(spec) {
  if (!spec) return spec;
  spec.referencePolicy = { type: 'Source', ...(spec.referencePolicy || {}) };
  if (!spec.referencePolicy.type) spec.referencePolicy.type = 'Source';
  spec.importPolicy = { importMode: 'Legacy', ...(spec.importPolicy || {}) };
  if (spec.annotations === undefined) spec.annotations = null;
  return spec;
}
function writeSpec(s, tag, spec) {
  s.meta.generation += 1;
  spec.generation = s.meta.generation;
  s.spec.set(tag, spec);
  s.meta.resourceVersion = String(++rvCounter);
}
const canon = (v) =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
  );
const emptyish = (v) => v == null || (typeof v === 'object' && Object.keys(v).length === 0);

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
function jsonPatch(doc, ops) {
  doc = structuredClone(doc);
  for (const op of ops) {
    const path = op.path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = path.pop();
    let parent = doc;
    for (const p of path) parent = parent[p];
    if (op.op === 'remove') delete parent[last];
    else if (op.op === 'add' || op.op === 'replace') parent[last] = op.value;
    else if (op.op === 'test') {
      if (canon(parent[last]) !== canon(op.value)) throw new Error('test failed');
    } else throw new Error(`unsupported op ${op.op}`);
  }
  return doc;
}

// The shared update path of PUT and PATCH (§2.7).
function update(ns, name, stream, tag, body, res) {
  if (body.metadata?.name !== name)
    return send(
      res,
      400,
      status(
        400,
        'BadRequest',
        `the name of the object (${body.metadata?.name}) does not match the name on the URL (${name})`,
      ),
    );
  if (body.metadata?.namespace && body.metadata.namespace !== ns)
    return send(
      res,
      400,
      status(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      ),
    );
  const key = `${ns}/${stream}`;
  let s = streams.get(key);
  const rv = body.metadata?.resourceVersion;
  if (!s) {
    if (rv) return send(res, 404, notFound('imagetags', name));
    s = newStream(ns, stream);
  } else if (rv && rv !== s.meta.resourceVersion) {
    return send(
      res,
      409,
      status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on imagetags.${GROUP} "${name}": another caller has updated the resource version to ${s.meta.resourceVersion}`,
        { name, group: GROUP, kind: 'imagetags' },
      ),
    );
  }
  const causes = [];
  if (streams.has(key)) {
    const old = project(s, tag);
    const dropUid = !body.metadata?.uid;
    const strip = (m) => {
      const c = { namespace: ns, ...(m || {}) };
      delete c.generation;
      delete c.creationTimestamp;
      delete c.resourceVersion;
      if (dropUid) delete c.uid;
      return c;
    };
    if (canon(strip(body.metadata)) !== canon(strip(old.metadata)))
      causes.push({
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": may not update fields other than spec',
        field: 'metadata',
      });
    if (!(emptyish(body.status) && emptyish(old.status)) && canon(body.status ?? null) !== canon(old.status))
      causes.push({
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": may not update fields other than spec',
        field: 'status',
      });
  } else if (!body.spec) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: spec is a required field during creation',
      field: 'spec',
    });
  }
  const spec = defaults(body.spec ? structuredClone(body.spec) : null);
  if (spec) validateSpec(tag, spec, causes);
  if (causes.length) return send(res, 422, invalid(name, causes));
  const existed = s.spec.has(tag);
  if (res.dryRun) {
    const copy = { meta: { ...s.meta }, spec: new Map(s.spec), status: s.status };
    if (spec) writeSpec(copy, tag, spec);
    else copy.spec.delete(tag);
    return send(res, existed ? 200 : 201, project(copy, tag));
  }
  if (spec) writeSpec(s, tag, spec);
  else {
    s.spec.delete(tag);
    s.meta.resourceVersion = String(++rvCounter);
  }
  streams.set(key, s);
  return send(res, existed ? 200 : 201, project(s, tag));
}

// Faults, in the devserver's format: POST /simulator/v1/faults {type: 'status'|'delay'|'drop', code?,
// retryAfterSeconds?, delayMs?, count?}; DELETE clears. Each API request consumes one fault.
let faults = [];
function send(res, code, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', ...res.corsHeaders, ...headers });
  res.end(text);
}

async function api(req, res, url, body) {
  const rawSegs = url.pathname.slice(PREFIX.length).split('/').slice(1);
  let segs;
  try {
    segs = rawSegs.map(decodeURIComponent);
  } catch {
    return send(res, 400, status(400, 'BadRequest', 'bad path'));
  }
  res.dryRun = url.searchParams.get('dryRun') === 'All';
  const m = req.method;
  let ns = null;
  let rest = segs;
  if (segs[0] === 'namespaces') {
    ns = segs[1];
    rest = segs.slice(2);
  }
  if (rest[0] !== 'imagetags' || rest.length > 2 || (ns === null && rest.length !== 1))
    return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
  const name = rest[1];
  if (name === undefined) {
    if (m === 'GET') {
      if (url.searchParams.get('watch') === 'true')
        return send(
          res,
          405,
          status(405, 'MethodNotAllowed', `watch is not supported on resources of kind "imagetags.${GROUP}"`, {
            group: GROUP,
            kind: 'imagetags',
          }),
        );
      const sel = url.searchParams.get('labelSelector');
      let fieldNs = null;
      let fieldName = false;
      for (const term of (url.searchParams.get('fieldSelector') || '').split(',').filter(Boolean)) {
        const [k, v] = term.split('=');
        if (k === 'metadata.namespace') fieldNs = v;
        else if (k === 'metadata.name') fieldName = true;
        else
          return send(
            res,
            400,
            status(
              400,
              'BadRequest',
              `"${k}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
            ),
          );
      }
      const items = [];
      const keys = [...streams.keys()].sort();
      let n = 0;
      const limit = Number(url.searchParams.get('limit') || 0);
      for (const k of keys) {
        const s = streams.get(k);
        if (ns !== null && s.meta.namespace !== ns) continue;
        if ((fieldNs !== null && s.meta.namespace !== fieldNs) || fieldName) continue;
        if (sel) {
          const ok = sel.split(',').every((t) => {
            const [a, b] = t.split('=');
            return s.meta.labels?.[a] === b;
          });
          if (!ok) continue;
        }
        if (limit && n >= limit) break;
        n++;
        for (const t of [...new Set([...s.spec.keys(), ...s.status.keys()])].sort()) items.push(project(s, t));
      }
      return send(res, 200, {
        kind: 'ImageTagList',
        apiVersion: 'image.openshift.io/v1',
        metadata: {},
        items: items.length ? items : null,
      });
    }
    if (m === 'POST' && ns !== null) {
      let tag;
      try {
        tag = JSON.parse(body);
      } catch {
        return send(res, 400, status(400, 'BadRequest', 'malformed JSON'));
      }
      const full = tag.metadata?.name || '';
      const i = full.indexOf(':');
      const stream = i < 0 ? full : full.slice(0, i);
      const tagName = i < 0 ? '' : full.slice(i + 1) || 'latest';
      const causes = [];
      if (!tag.spec)
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value: spec is a required field during creation',
          field: 'spec',
        });
      const spec = defaults(tag.spec ? structuredClone(tag.spec) : null);
      if (spec && !spec.name) spec.name = tagName;
      if (spec) validateSpec(tagName, spec, causes);
      if (causes.length) return send(res, 422, invalid(full, causes));
      const key = `${ns}/${stream}`;
      if (!streams.has(key) && !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(stream)) {
        return send(
          res,
          422,
          status(
            422,
            'Invalid',
            `ImageStream.${GROUP} "${stream}" is invalid: metadata.name: Invalid value: ${JSON.stringify(stream)}: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"`,
            {
              name: stream,
              group: GROUP,
              kind: 'ImageStream',
              causes: [
                {
                  reason: 'FieldValueInvalid',
                  message: `Invalid value: ${JSON.stringify(stream)}: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"`,
                  field: 'metadata.name',
                },
              ],
            },
          ),
        );
      }
      const s = streams.get(key) || newStream(ns, stream);
      if (s.spec.has(tagName))
        return send(
          res,
          409,
          status(409, 'AlreadyExists', `imagetags.${GROUP} "${stream}:${tagName}" already exists`, {
            name: `${stream}:${tagName}`,
            group: GROUP,
            kind: 'imagetags',
          }),
        );
      if (res.dryRun) {
        const copy = { meta: { ...s.meta }, spec: new Map(s.spec), status: s.status };
        writeSpec(copy, tagName, spec);
        return send(res, 201, project(copy, tagName));
      }
      writeSpec(s, tagName, spec);
      streams.set(key, s);
      return send(res, 201, project(s, tagName));
    }
    return send(
      res,
      405,
      status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
    );
  }
  const parts = splitName(name);
  if (!parts) return send(res, 400, badName());
  const [stream, tag] = parts;
  const s = streams.get(`${ns}/${stream}`);
  if (m === 'GET' || m === 'DELETE') {
    if (!s) return send(res, 404, notFound('imagestreams', stream));
    if (!s.spec.has(tag) && !s.status.has(tag)) return send(res, 404, notFound('imagetags', name));
    if (m === 'GET') return send(res, 200, project(s, tag));
    if (body) {
      const opts = JSON.parse(body);
      if (opts.preconditions?.uid && opts.preconditions.uid !== s.meta.uid)
        return send(
          res,
          409,
          status(
            409,
            'Conflict',
            `Operation cannot be fulfilled on imagetags.${GROUP} "${name}": the UID precondition was not met`,
            { name, group: GROUP, kind: 'imagetags' },
          ),
        );
    }
    if (!res.dryRun) {
      if (s.spec.has(tag)) s.meta.generation += 1;
      s.spec.delete(tag);
      s.status.delete(tag);
      s.meta.resourceVersion = String(++rvCounter);
    }
    return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
  }
  if (m === 'PUT') {
    let tagObj;
    try {
      tagObj = JSON.parse(body);
    } catch {
      return send(res, 400, status(400, 'BadRequest', 'malformed JSON'));
    }
    return update(ns, name, stream, tag, tagObj, res);
  }
  if (m === 'PATCH') {
    const ct = (req.headers['content-type'] || '').split(';')[0];
    const old = s ? project(s, tag) : project(newStream(ns, stream), tag);
    delete old.image;
    let patched;
    try {
      const p = JSON.parse(body);
      if (ct === 'application/json-patch+json') patched = jsonPatch(old, p);
      else if (ct === 'application/merge-patch+json' || ct === 'application/strategic-merge-patch+json')
        patched = mergePatch(old, p);
      else
        return send(
          res,
          415,
          status(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          ),
        );
    } catch (e) {
      return send(res, 422, status(422, 'UnprocessableEntity', String(e.message)));
    }
    return update(ns, name, stream, tag, patched, res);
  }
  return send(
    res,
    405,
    status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  );
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  if (process.env.STANDIN_LOG) console.log(`${req.method} ${req.url}`);
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://x');
    res.corsHeaders = cors
      ? { 'Access-Control-Allow-Origin': cors, 'Access-Control-Expose-Headers': 'Retry-After' }
      : {};
    if (req.method === 'OPTIONS' && cors) {
      res.writeHead(204, {
        ...res.corsHeaders,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (url.pathname === '/simulator/v1/faults') {
      if (req.method === 'POST') {
        const f = JSON.parse(body);
        for (let i = 0; i < (f.count ?? 1); i++) faults.push(f);
        return send(res, 200, { queued: faults.length });
      }
      if (req.method === 'DELETE') {
        faults = [];
        return send(res, 200, { queued: 0 });
      }
    }
    if (!url.pathname.startsWith(`${PREFIX}/`))
      return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
    if (token && req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const f = faults.shift();
    if (f) {
      // Half a status line, then the connection is closed: a browser transparently resends a request whose
      // reused keep-alive connection closed before any byte of the answer, so a silent close is not enough.
      if (f.type === 'drop') {
        req.socket.end('HTTP/1.1 2');
        req.socket.destroy();
        return;
      }
      if (f.type === 'delay') await new Promise((r) => setTimeout(r, f.delayMs ?? 1000));
      if (f.type === 'status') {
        // As the devserver: retryAfterSeconds (default 1) goes in Retry-After and details for 429/500/503.
        const ra = f.retryAfterSeconds ?? 1;
        const verb = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[req.method] || 'get';
        const byCode = {
          429: ['TooManyRequests', 'Too many requests, please try again later.'],
          500: [
            'ServerTimeout',
            `The ${verb} operation against imagetags.${GROUP} could not be completed at this time, please try again.`,
          ],
          503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
          504: [
            'Timeout',
            'the server was unable to return a response in the time allotted, but may still be processing the request',
          ],
        };
        const [reason, message] = byCode[f.code] || ['InternalError', 'injected'];
        const withRa = [429, 500, 503].includes(f.code);
        const details =
          f.code === 500
            ? { name: verb, group: GROUP, kind: 'imagetags', retryAfterSeconds: ra }
            : withRa
              ? { retryAfterSeconds: ra }
              : undefined;
        return send(res, f.code, status(f.code, reason, message, details), withRa ? { 'Retry-After': String(ra) } : {});
      }
    }
    try {
      await api(req, res, url, body);
    } catch (e) {
      send(res, 500, status(500, 'InternalError', String(e.stack)));
    }
  });
});
const [host, port] = [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))];
server.listen(port, host, () => {
  console.log(`listening on http://${host}:${server.address().port}`);
});
