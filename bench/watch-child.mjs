// Child process of bench/run.mjs (run with --expose-gc): the watch row of issue 16.
// Usage: node --expose-gc bench/watch-child.mjs time <runs> <warmup> [streams] [events]
//        node --expose-gc bench/watch-child.mjs memory <ours|baseline> [streams]
//
// Load: an ImageStreamList of `streams` image streams (default 1,000) × 10 tags, each tag with 2 history items,
// then `events` (default 10,000) stream MODIFIED events, each adding a history item to one tag of one stream (as
// an import does). Every stream event gives its 10 ImageTags a new resourceVersion, so both sides report 10
// ImageTag MODIFIED events per stream event (docs/watch.md says why).
// - ours: `client.watch({})` with an injected fetch that answers the list with the list text and the watch with
//   a ReadableStream of the event lines in 64 KiB chunks, read and turned into events by the module;
// - baseline (plain JS): the same chunks through a reader and a TextDecoder, split into lines, `JSON.parse` of
//   each event, each stream's tags projected to ImageTag objects (metadata, spec, status), and a plain diff
//   (`JSON.stringify` of each projected tag against the last one) that yields the same events.
// time: prints { ours: [ms…], baseline: [ms…], events } for each run of the events phase (from the watch's SYNCED to
//   the last event), the two sides alternating in this one process, a full GC before each run.
// memory: prints { perTag } = bytes held per watched tag after the list (heapUsed + external + arrayBuffers
//   after a full GC, minus the same before the watch started; the .wasm memory counts in `external`).
import { loadApi } from './node-context.mjs';

const [what, ...args] = process.argv.slice(2);
const side = what === 'memory' ? args[0] : null;
const [runsArg, warmupArg, streamsArg, eventsArg] = what === 'memory' ? [0, 0, args[1]] : args;
const runs = Number(runsArg ?? 5);
const warmup = Number(warmupArg ?? 1);
const STREAMS = Number(streamsArg ?? 1000);
const EVENTS = Number(eventsArg ?? 10000);
const TAGS = 10;
if (typeof gc !== 'function') throw new Error('run with --expose-gc');

const digest = (n) => `sha256:${(n * 2654435761).toString(16).padStart(8, '0').repeat(8)}`;
const ts = (n) => new Date(Date.UTC(2026, 0, 1) + n * 60000).toISOString().replace('.000Z', 'Z');
function stream(i, rv) {
  const name = `app-${i}`;
  const namespace = `team-${i % 20}`;
  return {
    kind: 'ImageStream',
    apiVersion: 'image.openshift.io/v1',
    metadata: {
      name,
      namespace,
      uid: `uid-${i}`,
      resourceVersion: String(rv),
      generation: 2,
      creationTimestamp: ts(i),
      labels: { app: name },
    },
    spec: {
      lookupPolicy: { local: false },
      tags: Array.from({ length: TAGS }, (_, j) => ({
        name: `v${j}`,
        annotations: null,
        from: { kind: 'DockerImage', name: `quay.io/example/${name}:v${j}` },
        generation: 2,
        importPolicy: { importMode: 'Legacy' },
        referencePolicy: { type: 'Source' },
      })),
    },
    status: {
      dockerImageRepository: `image-registry.openshift-image-registry.svc:5000/${namespace}/${name}`,
      tags: Array.from({ length: TAGS }, (_, j) => ({
        tag: `v${j}`,
        items: [1, 0].map((k) => ({
          created: ts(i + j + k),
          dockerImageReference: `quay.io/example/${name}@${digest(i * 100 + j * 10 + k)}`,
          image: digest(i * 100 + j * 10 + k),
          generation: 2,
        })),
      })),
    },
  };
}

const encoder = new TextEncoder();
const streams = Array.from({ length: STREAMS }, (_, i) => stream(i, i + 1));
const listText = JSON.stringify({
  kind: 'ImageStreamList',
  apiVersion: 'image.openshift.io/v1',
  metadata: { resourceVersion: String(STREAMS) },
  items: streams,
});
let lines = '';
for (let k = 0; k < EVENTS; k++) {
  const i = k % STREAMS;
  const s = streams[i];
  s.metadata.resourceVersion = String(STREAMS + k + 1);
  const t = s.status.tags[k % TAGS];
  t.items = [
    {
      created: ts(1000 + k),
      dockerImageReference: `quay.io/example/${s.metadata.name}@${digest(1e6 + k)}`,
      image: digest(1e6 + k),
      generation: 2,
    },
    ...t.items,
  ].slice(0, 3);
  lines += `${JSON.stringify({ type: 'MODIFIED', object: s })}\n`;
}
const bytes = encoder.encode(lines);
const CHUNK = 64 * 1024;
const chunks = [];
for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));
const EXPECTED = EVENTS * TAGS;

/** The watch body: the chunks, then open and silent (until aborted). */
function body(signal) {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < chunks.length) c.enqueue(chunks[i++]);
      else return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    },
  });
}
const json = { 'content-type': 'application/json' };

async function ours(api, eventsWanted) {
  const fetch = async (url, init) =>
    url.includes('watch=true')
      ? new Response(eventsWanted ? body(init.signal) : new ReadableStream(), { status: 200, headers: json })
      : new Response(listText, { status: 200, headers: json });
  const client = new api.ImageTagClient({ baseUrl: 'http://bench.invalid', fetch });
  let n = 0;
  let t0 = 0;
  let synced = false;
  for await (const e of client.watch({})) {
    if (e.type === 'SYNCED') {
      synced = true;
      if (!eventsWanted) return { client, n };
      t0 = performance.now();
    } else if (synced && e.type === 'MODIFIED' && ++n === EXPECTED) break;
    else if (e.type === 'RECONNECTING') throw e.error;
  }
  return { ms: performance.now() - t0, n };
}

// ---------------------------------------------------------------------------------------- the JS baseline
function projectTags(s) {
  const out = new Map();
  const status = new Map((s.status?.tags ?? []).map((t) => [t.tag, t]));
  const names = new Set([...(s.spec?.tags ?? []).map((t) => t.name), ...status.keys()]);
  for (const tag of names) {
    const spec = (s.spec?.tags ?? []).find((t) => t.name === tag) ?? null;
    const st = status.get(tag);
    const object = {
      kind: 'ImageTag',
      apiVersion: 'image.openshift.io/v1',
      metadata: { ...s.metadata, name: `${s.metadata.name}:${tag}` },
      spec,
      status: st ? { tag, items: st.items, conditions: st.conditions } : null,
      image: null,
    };
    out.set(tag, { object, text: JSON.stringify(object) });
  }
  return out;
}

async function baseline(eventsWanted) {
  const known = new Map();
  for (const s of JSON.parse(listText).items) known.set(`${s.metadata.namespace}/${s.metadata.name}`, projectTags(s));
  if (!eventsWanted) return { known };
  const t0 = performance.now();
  const ac = new AbortController();
  const reader = body(ac.signal).getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let n = 0;
  const events = [];
  while (n < EXPECTED) {
    const { value } = await reader.read();
    buf += decoder.decode(value, { stream: true });
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const ev = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      const s = ev.object;
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      const old = known.get(key);
      const now = projectTags(s);
      for (const [tag, p] of now) {
        const before = old?.get(tag);
        if (!before) events.push({ type: 'ADDED', object: p.object });
        else if (before.text !== p.text) events.push({ type: 'MODIFIED', object: p.object });
      }
      known.set(key, now);
      nl = buf.indexOf('\n');
    }
    n += events.length;
    events.length = 0; // handed out (the consumer of the loop would take them here)
  }
  ac.abort();
  return { ms: performance.now() - t0, n };
}

const api = side === 'baseline' ? null : await loadApi();
const sum = (m) => m.heapUsed + m.external + m.arrayBuffers;
let out;
if (what === 'memory') {
  gc();
  gc();
  const before = sum(process.memoryUsage());
  const held = side === 'ours' ? await ours(api, false) : await baseline(false);
  gc();
  gc();
  const after = sum(process.memoryUsage());
  out = { perTag: (after - before) / (STREAMS * TAGS), kept: held !== undefined };
} else {
  const samples = { ours: [], baseline: [] };
  const n = {};
  for (let r = 0; r < warmup + runs; r++) {
    for (const s of ['ours', 'baseline']) {
      gc();
      const res = s === 'ours' ? await ours(api, true) : await baseline(true);
      if (r >= warmup) samples[s].push(res.ms);
      n[s] = res.n;
    }
  }
  if (n.ours !== n.baseline) throw new Error(`the sides gave ${n.ours} and ${n.baseline} events`);
  out = { ...samples, events: n.ours, streamEvents: EVENTS, tags: STREAMS * TAGS, bytes: bytes.length };
}
process.stdout.write(`\n${JSON.stringify(out)}\n`);
process.exit(0);
