// ImageTagClient against servers that misbehave (issue 9): non-JSON, truncated JSON, the wrong kind, a
// Status in a 200, lying Content-Length, bodies that never end or never stop, garbage, silence, closed
// and reset connections, a huge list. Each gets a clear ImageTagError (right code, a message saying what
// happened) within the timeout, and nothing is left running: a child process making such calls exits on
// its own. Every server here is a raw `node:net` one on 127.0.0.1 (tests/node/faultserver.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ImageTagClient, ImageTagError } from '../../dist/node/index.mjs';
import { faultServer, answer, head, flood, childBehaviour } from './faultserver.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A server doing `behave` and a client for it (no retries, a short timeout unless overridden). */
async function setup(behave, options = {}, onConnect) {
  const server = await faultServer(behave, onConnect);
  servers.push(server);
  const client = new ImageTagClient({ baseUrl: server.url, timeoutMs: 1000, maxRetries: 0, ...options });
  return { server, client };
}

/** Awaits a rejection with an ImageTagError; returns it with the elapsed milliseconds. */
async function failure(promise) {
  const t = Date.now();
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ImageTagError, `expected an ImageTagError, got ${e?.stack ?? e}`);
    assert.equal(e.name, 'ImageTagError');
    return Object.assign(e, { ms: Date.now() - t });
  }
  assert.fail('expected a rejection');
}

const GET = 'GET /apis/image.openshift.io/v1/namespaces/ns/imagetags/app:latest';
const LIST = 'GET /apis/image.openshift.io/v1/imagetags';
const tag = (name) => ({
  kind: 'ImageTag',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name, namespace: 'ns' },
  spec: { name: name.split(':')[1], from: { kind: 'DockerImage', name: 'quay.io/a/b:1' } },
});

test('a 200 with a body that is not JSON, truncated JSON or HTML: code parse, saying so', async () => {
  const bodies = {
    '/text': answer(200, 'hello, world', 'text/plain'),
    '/truncated': answer(200, JSON.stringify(tag('app:latest')).slice(0, 40)),
    '/html': answer(200, '<!doctype html><html><head><title>Log in</title></head><body>x</body></html>', 'text/html'),
    '/empty': answer(200, ''),
    '/binary': answer(200, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80])),
  };
  const { server } = await setup((socket, req) => socket.write(bodies[`/${req.path.split('/')[1]}`]));
  const at = (p) => new ImageTagClient({ baseUrl: `${server.url}${p}`, timeoutMs: 1000, maxRetries: 3 });
  for (const [p, fragment] of [
    ['/text', 'expected value'],
    ['/truncated', 'EOF while parsing'],
    ['/html', 'got an HTML page (Log in)'],
    ['/empty', 'EOF while parsing a value'],
    ['/binary', 'expected value'],
  ]) {
    const e = await failure(at(p).get('ns', 'app:latest'));
    assert.equal(e.code, 'parse', `${p}: ${e.message}`);
    assert.ok(
      e.message.startsWith(`${GET}: the server answered 200 but the body is not an ImageTag JSON: `),
      `${p}: ${e.message}`,
    );
    assert.ok(e.message.includes(fragment), `${p}: ${e.message}`);
    assert.ok(e.ms < 3000, `${p} took ${e.ms} ms`);
  }
  assert.equal(server.requests.length, 5, 'a bad 2xx body is never retried');
});

test('a 200 of the wrong kind: a Pod, a list for a get, a tag for a list or a delete: code schema', async () => {
  const kinds = {
    pod: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } },
    list: { kind: 'ImageTagList', apiVersion: 'image.openshift.io/v1', metadata: {}, items: [] },
    tag: tag('app:latest'),
    success: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message: 'all good' },
  };
  const { server } = await setup((socket, req) => socket.write(answer(200, kinds[req.path.split('/')[1]])));
  const at = (k) => new ImageTagClient({ baseUrl: `${server.url}/${k}`, timeoutMs: 1000, maxRetries: 0 });
  let e = await failure(at('pod').get('ns', 'app:latest'));
  assert.equal(e.code, 'schema');
  assert.equal(e.path, 'kind');
  assert.equal(
    e.message,
    `${GET}: the server answered 200 but the body is not an ImageTag JSON: kind: expected kind "ImageTag", got "Pod"`,
  );
  e = await failure(at('list').get('ns', 'app:latest'));
  assert.equal(e.code, 'schema');
  assert.match(e.message, /expected kind "ImageTag", got "ImageTagList"$/);
  e = await failure(at('tag').list());
  assert.equal(e.code, 'schema');
  assert.match(e.message, /the body is not an ImageTagList JSON: kind: expected kind "ImageTagList", got "ImageTag"$/);
  e = await failure(at('tag').delete('ns', 'app:latest'));
  assert.equal(e.code, 'schema');
  assert.match(e.message, /the body is not a Status JSON: kind: expected kind "Status", got "ImageTag"$/);
  e = await failure(at('success').get('ns', 'app:latest'));
  assert.equal(e.code, 'schema');
  assert.match(
    e.message,
    /the body is not an ImageTag JSON: kind: expected kind "ImageTag", got a Success Status \(all good\)$/,
  );
});

test('a Failure Status with a 200 is an api error with that Status (as client-go honours it), for every operation', async () => {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
    message: 'imagetags.image.openshift.io "app:latest" not found',
    details: { name: 'app:latest', group: 'image.openshift.io', kind: 'imagetags' },
  };
  const { client } = await setup((socket) => socket.write(answer(200, status)));
  for (const call of [
    () => client.get('ns', 'app:latest'),
    () => client.list(),
    () => client.delete('ns', 'app:latest'),
  ]) {
    const e = await failure(call());
    assert.equal(e.code, 'api');
    assert.equal(e.status, 404);
    assert.equal(e.reason, 'NotFound');
    assert.equal(e.details.name, 'app:latest');
    assert.match(
      e.message,
      /: the server answered 200 with a Failure Status: imagetags\.image\.openshift\.io "app:latest" not found$/,
    );
  }
});

test('a Content-Length that lies: more promised than sent, then closed (network) or then silence (timeout)', async () => {
  const body = JSON.stringify(tag('app:latest'));
  const { server } = await setup((socket, req) => {
    socket.write(head(200, { 'Content-Type': 'application/json', 'Content-Length': body.length + 100 }) + body);
    if (req.path.startsWith('/close')) socket.end();
  });
  const at = (p, o = {}) => new ImageTagClient({ baseUrl: `${server.url}${p}`, timeoutMs: 800, maxRetries: 0, ...o });
  let e = await failure(at('/close').get('ns', 'app:latest'));
  assert.equal(e.code, 'network');
  assert.ok(e.message.startsWith(`${GET}: network error: `), e.message);
  e = await failure(at('/silent').get('ns', 'app:latest'));
  assert.equal(e.code, 'timeout');
  assert.equal(e.message, `${GET}: no complete answer within 800 ms (timeoutMs)`);
  assert.ok(e.ms >= 700 && e.ms < 2500, `${e.ms} ms`);
  // A dropped read is retried (a GET cannot do anything twice), a dropped write never is.
  const before = server.requests.length;
  e = await failure(at('/close', { maxRetries: 1 }).get('ns', 'app:latest'));
  assert.equal(e.code, 'network');
  assert.equal(server.requests.length - before, 2, 'one retry of the GET');
  const beforeWrite = server.requests.length;
  e = await failure(at('/close', { maxRetries: 3 }).create('ns', tag('app:latest')));
  assert.equal(e.code, 'network');
  assert.equal(server.requests.length - beforeWrite, 1, 'the POST is not repeated');
});

test('a body that never ends: headers then a trickle of bytes forever, or nothing after the headers: timeout', async () => {
  const { server } = await setup((socket, req) => {
    socket.write(head(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
    if (req.path.startsWith('/trickle')) socket.every(20, () => socket.write('1\r\n \r\n'));
  });
  for (const p of ['/trickle', '/stall']) {
    const client = new ImageTagClient({ baseUrl: `${server.url}${p}`, timeoutMs: 600, maxRetries: 3 });
    const e = await failure(client.list());
    assert.equal(e.code, 'timeout', `${p}: ${e.message}`);
    assert.equal(e.message, `${LIST}: no complete answer within 600 ms (timeoutMs)`);
    assert.ok(e.ms >= 550 && e.ms < 2000, `${p}: ${e.ms} ms`);
  }
  assert.equal(server.requests.length, 2, 'a timeout is not retried');
});

test('a body that streams forever: refused at maxResponseBytes with code parse, even with no timeout', async () => {
  const { server } = await setup((socket) => flood(socket));
  const client = new ImageTagClient({
    baseUrl: server.url,
    timeoutMs: 0,
    maxRetries: 3,
    maxResponseBytes: 4 * 1024 * 1024,
  });
  const e = await failure(client.list());
  assert.equal(e.code, 'parse');
  assert.equal(
    e.message,
    `${LIST}: the server answered 200 with a body larger than 4194304 bytes (maxResponseBytes), so it was not read as an ImageTagList`,
  );
  assert.ok(e.ms < 5000, `${e.ms} ms`);
  assert.equal(server.requests.length, 1, 'not retried');
  // The client closed the connection: the server's socket is gone soon after.
  const { socket } = server.requests[0];
  for (let i = 0; i < 100 && !socket.destroyed; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(socket.destroyed, 'the connection was closed');
});

test('a declared Content-Length over the limit is refused before reading; the default limit is 256 MiB', async () => {
  let wrote = 0;
  const { server } = await setup((socket) => {
    // 300 MiB announced; only a little is ever sent.
    socket.write(`${head(200, { 'Content-Type': 'application/json', 'Content-Length': 300 * 1024 * 1024 })}{"kind":`);
    wrote += 1;
  });
  const client = new ImageTagClient({ baseUrl: server.url, timeoutMs: 5000, maxRetries: 0 });
  const e = await failure(client.list());
  assert.equal(e.code, 'parse');
  assert.equal(
    e.message,
    `${LIST}: the server answered 200 with a body larger than 268435456 bytes (maxResponseBytes), so it was not read as an ImageTagList`,
  );
  assert.ok(e.ms < 1000, `${e.ms} ms: refused at once`);
  assert.equal(wrote, 1);
  assert.throws(
    () => new ImageTagClient({ baseUrl: '', maxResponseBytes: -1 }),
    (err) => err.code === 'schema' && /maxResponseBytes/.test(err.message),
  );
});

test('an error answer with a huge body: only its beginning is read, and the message quotes it', async () => {
  const { client } = await setup(
    (socket) => {
      socket.write(head(502, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' }, 'Bad Gateway'));
      socket.write('16\r\nupstream went away... \r\n');
      flood(socket, { head: false });
    },
    { maxResponseBytes: 1024 * 1024, timeoutMs: 0 },
  );
  const e = await failure(client.get('ns', 'app:latest'));
  assert.equal(e.code, 'api');
  assert.equal(e.status, 502);
  assert.equal(e.reason, 'Unknown');
  assert.ok(e.message.startsWith('the server answered 502 Bad Gateway: upstream went away...'), e.message);
});

test('nothing at all: a silent server times out; a closed, reset or garbage connection is a network error', async () => {
  const { server } = await setup((socket, req) => {
    const what = req.path.split('/')[1];
    if (what === 'silent') return;
    if (what === 'close') socket.destroy();
    else if (what === 'reset') socket.resetAndDestroy();
    else if (what === 'garbage') socket.end('HELLO THERE\r\n\r\n');
    else if (what === 'headers') socket.end(head(200, { 'X-Big': 'x'.repeat(200 * 1024) }));
    else if (what === 'half') socket.end('HTTP/1.1 20');
  });
  const at = (p, o = {}) => new ImageTagClient({ baseUrl: `${server.url}/${p}`, timeoutMs: 700, maxRetries: 0, ...o });
  let e = await failure(at('silent').get('ns', 'app:latest'));
  assert.equal(e.code, 'timeout');
  assert.equal(e.message, `${GET}: no complete answer within 700 ms (timeoutMs)`);
  assert.ok(e.ms >= 650 && e.ms < 2000, `${e.ms} ms`);
  for (const p of ['close', 'reset', 'garbage', 'headers', 'half']) {
    e = await failure(at(p).get('ns', 'app:latest'));
    assert.equal(e.code, 'network', `${p}: ${e.code} ${e.message}`);
    assert.ok(e.message.startsWith(`${GET}: network error: `), `${p}: ${e.message}`);
    assert.ok(e.ms < 2000, `${p}: ${e.ms} ms`);
  }
  // Writes: a silent server is a timeout, a closed connection a network error, neither repeated.
  const n = server.requests.length;
  e = await failure(at('silent', { maxRetries: 3 }).create('ns', tag('app:latest')));
  assert.equal(e.code, 'timeout');
  e = await failure(at('close', { maxRetries: 3 }).replace('ns', 'app:latest', tag('app:latest'), { validate: false }));
  assert.equal(e.code, 'network');
  assert.equal(server.requests.length - n, 2);
});

test('a server that closes every connection as soon as it accepts it: network error, a GET retried', async () => {
  const { server, client } = await setup(
    () => {},
    { maxRetries: 1 },
    (socket) => {
      socket.destroy();
      return true;
    },
  );
  const e = await failure(client.get('ns', 'app:latest'));
  assert.equal(e.code, 'network');
  assert.ok(e.message.startsWith(`${GET}: network error: `), e.message);
  assert.ok(e.ms >= 900 && e.ms < 4000, `${e.ms} ms: one retry after 1 s`);
  assert.equal(server.requests.length, 0);
});

test('a redirect loop, an unasked-for 1xx, a 204 with no body: clear errors', async () => {
  const { server } = await setup((socket, req) => {
    const what = req.path.split('/')[1];
    if (what === 'loop') socket.write(head(302, { Location: req.path, 'Content-Length': 0 }, 'Found'));
    else if (what === 'continue') socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    else if (what === 'nocontent') socket.write(head(204, {}, 'No Content'));
  });
  const at = (p) => new ImageTagClient({ baseUrl: `${server.url}/${p}`, timeoutMs: 800, maxRetries: 0 });
  let e = await failure(at('loop').get('ns', 'app:latest'));
  assert.equal(e.code, 'network');
  assert.ok(e.message.startsWith(`${GET}: network error: `), e.message);
  // (undici refuses a 1xx nobody asked for: "bad response")
  e = await failure(at('continue').get('ns', 'app:latest'));
  assert.ok(['network', 'timeout'].includes(e.code), `${e.code}: ${e.message}`);
  assert.ok(e.ms < 1500, `${e.ms} ms`);
  e = await failure(at('nocontent').get('ns', 'app:latest'));
  assert.equal(e.code, 'parse');
  assert.equal(
    e.message,
    `${GET}: the server answered 204 but the body is not an ImageTag JSON: EOF while parsing a value`,
  );
});

test('a connection refused (nothing listening) is a network error, quickly', async () => {
  const { server } = await setup(() => {});
  const url = server.url;
  await server.close();
  const client = new ImageTagClient({ baseUrl: url, timeoutMs: 5000, maxRetries: 0 });
  const e = await failure(client.get('ns', 'app:latest'));
  assert.equal(e.code, 'network');
  assert.match(e.message, /network error: .*ECONNREFUSED/);
});

test("the caller's AbortSignal ends a body that never ends: code aborted", async () => {
  const { client } = await setup(
    (socket) => {
      socket.write(`${head(200, { 'Content-Type': 'application/json', 'Content-Length': 1000 })}{`);
    },
    { timeoutMs: 0 },
  );
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 150);
  const e = await failure(client.get('ns', 'app:latest', { signal: controller.signal }));
  assert.equal(e.code, 'aborted');
  assert.equal(e.message, `${GET}: aborted by the caller's AbortSignal`);
});

test('a 50 MB list is read whole and parsed', async () => {
  const item = (i) => ({
    ...tag(`s${i}:t`),
    status: {
      tag: 't',
      items: [
        {
          created: '2025-01-01T00:00:00Z',
          dockerImageReference: `quay.io/a/b@sha256:${'0'.repeat(64)}`,
          image: `sha256:${'0'.repeat(64)}`,
          generation: 1,
        },
      ],
    },
    metadata: { name: `s${i}:t`, namespace: 'ns', annotations: { note: 'n'.repeat(4000) } },
  });
  const one = JSON.stringify(item(0)).length;
  const count = Math.ceil(50e6 / one);
  const body = Buffer.from(
    `{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":[${Array.from({ length: count }, (_, i) => JSON.stringify(item(i))).join(',')}]}`,
  );
  assert.ok(body.length >= 50e6);
  const { client } = await setup(
    (socket) => {
      socket.write(head(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }));
      socket.write(body);
    },
    { timeoutMs: 30000 },
  );
  const t = Date.now();
  const list = await client.list();
  assert.equal(list.items.length, count);
  assert.equal(list.items[count - 1].metadata.name, `s${count - 1}:t`);
  assert.ok(Date.now() - t < 20000, `${Date.now() - t} ms`);
});

test('nothing hangs: a process whose calls failed in every way exits on its own', async () => {
  const server = await faultServer(childBehaviour);
  servers.push(server);
  const script = fileURLToPath(new URL('./faultserver.mjs', import.meta.url));
  const proc = spawn(process.execPath, [script, server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => {
    out += d;
  });
  proc.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve('hung');
    }, 15000);
    proc.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(
    code,
    0,
    `the child ${code === 'hung' ? 'did not exit within 15 s' : `exited ${code}`}; stdout: ${out}; stderr: ${err}`,
  );
  const results = Object.fromEntries(JSON.parse(out).map((r) => [r.name, r]));
  assert.deepStrictEqual(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.code])), {
    silent: 'timeout',
    close: 'network',
    trickle: 'timeout',
    flood: 'parse',
    garbage: 'network',
    retry: 'network',
    slow: 'aborted',
  });
  assert.ok(results.retry.ms >= 900, 'the GET was retried once after a 1 s wait');
});
