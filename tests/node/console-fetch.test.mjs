// The OpenShift console's consoleFetch as the client's `fetch`, with no code around it (docs/console-plugin.md):
// it rejects with an HttpError on a non-2xx answer, and the client still gives code `api` with the server's
// Status. Run against a stand-in of consoleFetch (tests/support/console-fetch.mjs) in front of a devserver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ImageTagClient, ImageTagError } from '../../dist/node/index.mjs';
import { HttpError, TimeoutError, makeConsoleFetch } from '../support/console-fetch.mjs';
import { startDevserver } from './devserver.mjs';

let server;
const ns = 'team';
const cookie = () => 'openshift-session-token=abc; csrf-token=t0k%2Fen';

before(async () => {
  server = await startDevserver(['--seed', 'empty']);
});
after(() => server?.stop());

const dockerTag = (name, from = 'quay.io/team/app:1.0') => ({
  kind: 'ImageTag',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name, namespace: ns },
  spec: { name: name.split(':')[1], from: { kind: 'DockerImage', name: from }, referencePolicy: { type: 'Source' } },
});

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('the stand-in behaves as consoleFetch: HttpError with the read JSON body on a non-2xx answer', async () => {
  const { consoleFetch } = makeConsoleFetch({ cookie });
  const e = await rejection(consoleFetch(`${server.url}/apis/image.openshift.io/v1/namespaces/${ns}/imagetags/no:pe`));
  assert.ok(e instanceof HttpError);
  assert.equal(e.code, 404);
  assert.equal(e.json.reason, 'NotFound');
  assert.equal(e.response.status, 404);
  assert.equal(e.response.bodyUsed, true, 'the console reads the body to build its message');
});

test('writes carry X-CSRFToken from the csrf-token cookie, reads do not; headers are plain objects', async () => {
  const { consoleFetch, calls } = makeConsoleFetch({ cookie });
  const client = new ImageTagClient({ baseUrl: server.url, headers: { 'X-Extra': '1' }, fetch: consoleFetch });
  const created = await client.create(ns, dockerTag('csrf:one'));
  assert.equal(created.metadata.name, 'csrf:one');
  const got = await client.get(ns, 'csrf:one');
  assert.equal(got.spec.from.name, 'quay.io/team/app:1.0');
  await client.delete(ns, 'csrf:one');
  assert.deepEqual(
    calls.map((c) => [c.method, c.headers['X-CSRFToken'], c.headers['X-Extra']]),
    [
      ['POST', 't0k/en', '1'],
      ['GET', undefined, '1'],
      ['DELETE', 't0k/en', '1'],
    ],
  );
});

test('a 404 through consoleFetch rejects with code api and the server Status, as with fetch', async () => {
  const { consoleFetch } = makeConsoleFetch({ cookie });
  const viaConsole = await rejection(
    new ImageTagClient({ baseUrl: server.url, fetch: consoleFetch }).get(ns, 'missing:tag'),
  );
  const viaFetch = await rejection(new ImageTagClient({ baseUrl: server.url }).get(ns, 'missing:tag'));
  assert.ok(viaConsole instanceof ImageTagError, String(viaConsole));
  assert.equal(viaConsole.code, 'api');
  assert.equal(viaConsole.status, 404);
  assert.equal(viaConsole.reason, 'NotFound');
  assert.deepEqual(viaConsole.kubeStatus, viaFetch.kubeStatus);
  assert.equal(viaConsole.message, viaFetch.message);
});

test('a 422 from the server keeps its causes through consoleFetch', async () => {
  const { consoleFetch } = makeConsoleFetch({ cookie });
  const client = new ImageTagClient({ baseUrl: server.url, fetch: consoleFetch });
  const bad = dockerTag('bad:tag', 'Not A Valid Reference');
  const e = await rejection(client.create(ns, bad, { validate: false }));
  assert.equal(e.code, 'api', String(e));
  assert.equal(e.status, 422);
  assert.equal(e.reason, 'Invalid');
  assert.ok(
    e.details.causes.some((c) => c.field === 'spec.from.name'),
    JSON.stringify(e.details),
  );
});

test('a 409 on a second create through consoleFetch is an api error with reason AlreadyExists', async () => {
  const { consoleFetch } = makeConsoleFetch({ cookie });
  const client = new ImageTagClient({ baseUrl: server.url, fetch: consoleFetch });
  await client.create(ns, dockerTag('twice:one'));
  const e = await rejection(client.create(ns, dockerTag('twice:one')));
  assert.equal(e.code, 'api', String(e));
  assert.equal(e.status, 409);
  assert.equal(e.reason, 'AlreadyExists');
});

test('a non-JSON error answer (a proxy page) reaches the client unread and gives code api with its status', async () => {
  const proxy = http.createServer((_, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>Bad Gateway</html>');
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    const { consoleFetch } = makeConsoleFetch({ cookie });
    const client = new ImageTagClient({ baseUrl: `http://127.0.0.1:${proxy.address().port}`, fetch: consoleFetch });
    const e = await rejection(client.get(ns, 'any:tag'));
    assert.equal(e.code, 'api', String(e));
    assert.equal(e.status, 502);
  } finally {
    proxy.close();
  }
});

test("consoleFetch's own timeout rejects without a response and stays a failure of the network", async () => {
  const hang = http.createServer(() => {});
  await new Promise((r) => hang.listen(0, '127.0.0.1', r));
  try {
    const { consoleFetch } = makeConsoleFetch({ cookie });
    const direct = await rejection(consoleFetch(`http://127.0.0.1:${hang.address().port}/x`, {}, 50));
    assert.ok(direct instanceof TimeoutError);
    const client = new ImageTagClient({
      baseUrl: `http://127.0.0.1:${hang.address().port}`,
      timeoutMs: 5000,
      maxRetries: 0,
      fetch: (url, init) => consoleFetch(url, init, 50),
    });
    const e = await rejection(client.get(ns, 'any:tag'));
    assert.equal(e.code, 'network', String(e));
    assert.match(e.message, /timed out after 50ms/);
    // The client's own timeout still applies: its signal reaches the network through consoleFetch.
    const own = new ImageTagClient({
      baseUrl: `http://127.0.0.1:${hang.address().port}`,
      timeoutMs: 100,
      maxRetries: 0,
      fetch: consoleFetch,
    });
    assert.equal((await rejection(own.get(ns, 'any:tag'))).code, 'timeout');
  } finally {
    hang.closeAllConnections();
    hang.close();
  }
});

test('other rejections pass through unchanged, and a thrown error with a non-Response `response` too', async () => {
  const odd = Object.assign(new Error('boom'), { response: { status: 'x' } });
  const client = new ImageTagClient({
    baseUrl: server.url,
    maxRetries: 0,
    fetch: () => {
      throw odd;
    },
  });
  const e = await rejection(client.get(ns, 'any:tag'));
  assert.equal(e.code, 'network');
  assert.match(e.message, /boom/);
});
