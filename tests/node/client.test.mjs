// ImageTagClient in Node.js 20 (global fetch) against a real devserver: every operation end to end,
// errors with their Status, retries, timeouts, aborts, dry-run, odd names, and an injected fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ImageTagClient, ImageTagError } from '../../dist/node/index.mjs';
import { dockerTag, startDevserver, simulator } from './devserver.mjs';

let server;
let client;
const ns = 'team';

before(async () => {
  server = await startDevserver(['--seed', 'empty']);
  client = new ImageTagClient({ baseUrl: server.url, timeoutMs: 5000, maxRetries: 3 });
});
after(() => server?.stop());

async function rejects(promise, check) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ImageTagError, `expected an ImageTagError, got ${e}`);
    check(e);
    return e;
  }
  assert.fail('expected a rejection');
}

/** A fetch that counts the requests it passes on. */
function countingFetch() {
  const calls = [];
  const f = (url, init) => {
    calls.push({ url, method: init.method });
    return fetch(url, init);
  };
  return { f, calls };
}

test('create, get, list, replace, patch (three kinds) and delete, end to end', async () => {
  const created = await client.create(ns, dockerTag('web:latest', 'quay.io/example/web:1'));
  assert.equal(created.metadata.name, 'web:latest');
  assert.equal(created.spec.from.name, 'quay.io/example/web:1');

  const got = await client.get(ns, 'web:latest');
  assert.equal(got.metadata.uid, created.metadata.uid);
  assert.ok(got.status?.items?.length >= 1, 'the simulated import recorded history');

  const all = await client.list();
  assert.ok(all.items.some((t) => t.metadata.name === 'web:latest'));
  const inNs = await client.list({ namespace: ns });
  assert.deepStrictEqual(
    inNs.items.map((t) => t.metadata.name),
    ['web:latest'],
  );
  const other = await client.list({ namespace: 'elsewhere' });
  assert.ok(other.items === null || other.items.length === 0);

  got.spec.referencePolicy = { type: 'Local' };
  const replaced = await client.replace(ns, 'web:latest', got);
  assert.equal(replaced.spec.referencePolicy.type, 'Local');
  assert.deepStrictEqual(replaced.status.items, got.status.items, 'history kept');

  const merged = await client.patch(
    ns,
    'web:latest',
    { spec: { importPolicy: { insecure: true } } },
    { type: 'merge' },
  );
  assert.equal(merged.spec.importPolicy.insecure, true);
  const jsonPatched = await client.patch(
    ns,
    'web:latest',
    [{ op: 'replace', path: '/spec/referencePolicy/type', value: 'Source' }],
    { type: 'json' },
  );
  assert.equal(jsonPatched.spec.referencePolicy.type, 'Source');
  const strategic = await client.patch(
    ns,
    'web:latest',
    { spec: { annotations: { note: 'x' } } },
    { type: 'strategic' },
  );
  assert.deepStrictEqual(strategic.spec.annotations, { note: 'x' });

  const st = await client.delete(ns, 'web:latest');
  assert.deepStrictEqual(st, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
  await rejects(client.get(ns, 'web:latest'), (e) => {
    assert.equal(e.code, 'api');
    assert.equal(e.status, 404);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.details.kind, 'imagetags');
  });
});

test('server errors carry the whole Status: two kinds of 404, 409, 422 with every cause, 400', async () => {
  await rejects(client.get(ns, 'nostream:latest'), (e) => {
    assert.equal(e.status, 404);
    assert.deepStrictEqual(e.details, { name: 'nostream', group: 'image.openshift.io', kind: 'imagestreams' });
    assert.equal(e.message, 'imagestreams.image.openshift.io "nostream" not found');
    assert.equal(e.kubeStatus.kind, 'Status');
  });
  await client.create(ns, dockerTag('dup:one', 'quay.io/example/dup:1'));
  await rejects(client.create(ns, dockerTag('dup:one', 'quay.io/example/dup:1')), (e) => {
    assert.equal(e.status, 409);
    assert.equal(e.reason, 'AlreadyExists');
    assert.equal(e.message, 'imagetags.image.openshift.io "dup:one" already exists');
  });
  const bad = dockerTag('dup:next', 'quay.io/example/dup:1');
  bad.spec.name = 'nxt';
  bad.spec.referencePolicy.type = 'Remote';
  await rejects(client.create(ns, bad, { validate: false }), (e) => {
    assert.equal(e.status, 422);
    assert.equal(e.reason, 'Invalid');
    assert.deepStrictEqual(e.details.causes, [
      { reason: 'FieldValueInvalid', message: 'Invalid value: "nxt": must match image tag name', field: 'spec.name' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "Remote": valid values are "Source", "Local"',
        field: 'spec.referencePolicy.type',
      },
    ]);
  });
  await rejects(client.list({ fieldSelector: 'spec.name=x' }), (e) => {
    assert.equal(e.status, 400);
    assert.equal(e.reason, 'BadRequest');
  });
});

test('create and replace validate first and send nothing when invalid', async () => {
  const { f, calls } = countingFetch();
  const c = new ImageTagClient({ baseUrl: server.url, fetch: f });
  const bad = dockerTag('v:1', 'Quay.io/UPPER/case');
  bad.spec.from.name = 'quay.io/UPPER/case';
  await rejects(c.create(ns, bad), (e) => {
    assert.equal(e.code, 'invalid');
    assert.deepStrictEqual(e.causes, [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "quay.io/UPPER/case": repository name must be lowercase',
        field: 'spec.from.name',
      },
    ]);
  });
  await rejects(c.replace(ns, 'v:1', { ...bad, spec: null, metadata: { name: 'v:1', namespace: 'other' } }), (e) =>
    assert.ok(['invalid', 'api'].includes(e.code)),
  );
  assert.equal(calls.filter((x) => x.method === 'POST').length, 0, 'nothing was sent for the invalid create');
});

test('dry-run answers like a write and leaves no trace', async () => {
  const r = await client.create(ns, dockerTag('dry:run', 'quay.io/example/dry:1'), { dryRun: true });
  assert.equal(r.metadata.name, 'dry:run');
  await rejects(client.get(ns, 'dry:run'), (e) => assert.equal(e.status, 404));
  await client.create(ns, dockerTag('dry:kept', 'quay.io/example/dry:1'));
  await client.delete(ns, 'dry:kept', { dryRun: true });
  assert.equal((await client.get(ns, 'dry:kept')).metadata.name, 'dry:kept');
});

test('retries what the server did not carry out, honouring Retry-After, and not what it may have done', async () => {
  await client.create(ns, dockerTag('retry:me', 'quay.io/example/retry:1'));
  await simulator(server.url, 'faults', {
    faults: [
      { type: 'status', code: 429, retryAfterSeconds: 1, count: 1, pathContains: 'retry:me' },
      { type: 'status', code: 503, retryAfterSeconds: 1, count: 1, pathContains: 'retry:me' },
      { type: 'status', code: 500, retryAfterSeconds: 1, count: 1, pathContains: 'retry:me' },
    ],
  });
  const t0 = Date.now();
  const got = await client.get(ns, 'retry:me');
  assert.equal(got.metadata.name, 'retry:me');
  assert.ok(Date.now() - t0 >= 2900, 'waited about 1 s per retry as the server asked');
  assert.deepStrictEqual((await simulator(server.url, 'faults', undefined, 'GET')).faults, []);

  // more failures than maxRetries: the last answer surfaces with its Retry-After
  const c = new ImageTagClient({ baseUrl: server.url, maxRetries: 1 });
  await simulator(server.url, 'faults', {
    type: 'status',
    code: 429,
    retryAfterSeconds: 1,
    count: 3,
    pathContains: 'retry:me',
  });
  await rejects(c.get(ns, 'retry:me'), (e) => {
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterSeconds, 1);
  });
  assert.equal(
    (await simulator(server.url, 'faults', undefined, 'GET')).faults[0].count,
    1,
    'exactly two attempts were made',
  );
  await simulator(server.url, 'faults', undefined, 'DELETE');

  // a POST whose connection drops may have happened: not retried
  await simulator(server.url, 'faults', { type: 'drop', count: 2, methods: ['POST'] });
  await rejects(client.create(ns, dockerTag('retry:drop', 'quay.io/example/retry:1')), (e) =>
    assert.equal(e.code, 'network'),
  );
  await simulator(server.url, 'faults', undefined, 'DELETE');
});

test('timeouts and aborts have their own codes', async () => {
  await client.create(ns, dockerTag('slow:tag', 'quay.io/example/slow:1'));
  await simulator(server.url, 'faults', { type: 'delay', delayMs: 3000, count: 1, pathContains: 'slow:tag' });
  const c = new ImageTagClient({ baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });
  await rejects(c.get(ns, 'slow:tag'), (e) => assert.equal(e.code, 'timeout'));

  await simulator(server.url, 'faults', { type: 'delay', delayMs: 3000, count: 1, pathContains: 'slow:tag' });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await rejects(client.get(ns, 'slow:tag', { signal: ac.signal }), (e) => assert.equal(e.code, 'aborted'));
  await simulator(server.url, 'faults', undefined, 'DELETE');
});

test('odd names never change the path', async () => {
  const { f, calls } = countingFetch();
  const c = new ImageTagClient({ baseUrl: server.url, fetch: f, maxRetries: 0 });
  for (const name of ['a/b:c', 'a%2F:b', 'a?x=1:b', 'a#f:b', 'a b:c', 'ä:ö']) {
    await rejects(c.get(ns, name), (e) => assert.equal(e.code, 'api'));
  }
  for (const { url } of calls) {
    const u = new URL(url);
    assert.equal(u.search, '');
    assert.equal(u.hash, '');
    assert.equal(u.pathname.split('/').length, 8, url); // '', apis, group, v1, namespaces, ns, imagetags, name
  }
});

test('non-JSON error bodies still give a useful error; a bad 2xx body too', async () => {
  const html = async () => ({
    status: 502,
    statusText: 'Bad Gateway',
    headers: { get: () => 'text/html' },
    text: async () => '<html><body><h1>502 Bad Gateway</h1></body></html>',
  });
  await rejects(
    new ImageTagClient({ baseUrl: 'http://proxy.example', fetch: html, maxRetries: 0 }).get('a', 'b:c'),
    (e) => {
      assert.equal(e.code, 'api');
      assert.equal(e.status, 502);
      assert.match(e.message, /502/);
    },
  );
  const csrf = async () => ({
    status: 403,
    statusText: 'Forbidden',
    headers: { get: () => 'text/plain' },
    text: async () => 'CSRF token mismatch',
  });
  await rejects(new ImageTagClient({ baseUrl: 'http://console.example', fetch: csrf }).get('a', 'b:c'), (e) => {
    assert.equal(e.status, 403);
    assert.match(e.message, /CSRF token mismatch/);
  });
  const garbage = async () => ({
    status: 200,
    statusText: 'OK',
    headers: { get: () => 'application/json' },
    text: async () => '{"kind": "ImageTag", ',
  });
  await rejects(new ImageTagClient({ baseUrl: 'http://x.example', fetch: garbage }).get('a', 'b:c'), (e) =>
    assert.ok(['parse', 'api', 'schema'].includes(e.code), e.code),
  );
  const offline = async () => {
    throw new TypeError('fetch failed');
  };
  await rejects(
    new ImageTagClient({ baseUrl: 'http://x.example', fetch: offline, maxRetries: 0 }).get('a', 'b:c'),
    (e) => assert.equal(e.code, 'network'),
  );
});

test('a body stream chunk that is not a Uint8Array is an error (code network), never silently skipped', async () => {
  const tagText = JSON.stringify(dockerTag('app:chunks', 'quay.io/example/app:1'));
  const half = tagText.length >> 1;
  for (const odd of ['a string', 42, { length: 3 }, new Uint16Array([1, 2])]) {
    const chunks = [
      new TextEncoder().encode(tagText.slice(0, half)),
      odd,
      new TextEncoder().encode(tagText.slice(half)),
    ];
    const stream = async () => ({
      status: 200,
      statusText: 'OK',
      headers: { get: (h) => (h === 'content-type' ? 'application/json' : null) },
      body: new ReadableStream({
        pull(controller) {
          if (chunks.length) controller.enqueue(chunks.shift());
          else controller.close();
        },
      }),
    });
    await rejects(
      new ImageTagClient({ baseUrl: 'http://x.example', fetch: stream, maxRetries: 0 }).get('a', 'b:c'),
      (e) => {
        assert.equal(e.code, 'network');
        assert.match(
          e.message,
          /^GET \/apis\/image\.openshift\.io\/v1\/namespaces\/a\/imagetags\/b:c: the response body gave a chunk that is not a Uint8Array \((string|number|object)\), so the body cannot be read$/,
        );
      },
    );
  }
  // The same stream of bytes only reads as the tag.
  const good = async () => ({
    status: 200,
    statusText: 'OK',
    headers: { get: (h) => (h === 'content-type' ? 'application/json' : null) },
    body: new Blob([tagText]).stream(),
  });
  const t = await new ImageTagClient({ baseUrl: 'http://x.example', fetch: good }).get('a', 'b:c');
  assert.equal(t.metadata.name, 'app:chunks');
});

test('a header or token that fetch would refuse is a schema error when the client is made', () => {
  for (const [options, path] of [
    [{ headers: { 'X Bad': '1' } }, 'headers'],
    [{ headers: { 'X-A': 'a\r\nX-Injected: 1' } }, 'headers.X-A'],
    [{ headers: { 'X-A': 'snow \u2603' } }, 'headers.X-A'],
    [{ token: 'abc\n' }, 'token'],
  ]) {
    assert.throws(
      () => new ImageTagClient({ baseUrl: 'http://x.example', ...options }),
      (e) => e instanceof ImageTagError && e.code === 'schema' && e.path === path,
      JSON.stringify(options),
    );
  }
  // Latin-1 is a byte string: accepted.
  new ImageTagClient({ baseUrl: 'http://x.example', headers: { 'X-A': 'café' }, token: 'ü' });
});

test('a Response from an injected fetch is read as a Response: no body is an empty one, a locked body is network', async () => {
  const empty = async () => new Response(null, { status: 200, headers: { 'content-type': 'application/json' } });
  await rejects(new ImageTagClient({ baseUrl: 'http://x.example', fetch: empty }).get('a', 'b:c'), (e) =>
    assert.match(e.message, /the server answered 200 but the body is not an ImageTag JSON: EOF while parsing a value$/),
  );
  const locked = async () => {
    const r = new Response(JSON.stringify(dockerTag('app:locked', 'quay.io/example/app:1')), {
      headers: { 'content-type': 'application/json' },
    });
    r.body.getReader();
    return r;
  };
  await rejects(
    new ImageTagClient({ baseUrl: 'http://x.example', fetch: locked, maxRetries: 0 }).get('a', 'b:c'),
    (e) => assert.equal(e.code, 'network'),
  );
});

test('the bearer token goes in the Authorization header only', async () => {
  const seen = [];
  const spy = (url, init) => {
    seen.push({ url, headers: init.headers });
    return fetch(url, init);
  };
  const c = new ImageTagClient({ baseUrl: server.url, token: 's3cret', fetch: spy });
  await c.list({ namespace: ns });
  assert.equal(seen[0].headers.Authorization ?? seen[0].headers.authorization, 'Bearer s3cret');
  assert.ok(!seen[0].url.includes('s3cret'));
});
