// Arguments of every JS type, and what a fault inside the module does to the objects made before it
// (issue 19 §1): no argument makes an export trap (a wrong type is an ImageTagError 'schema'), a client
// made before a trap or an out-of-memory keeps working, and a fault inside an async call rejects its
// promise with code 'internal' instead of escaping as an uncaught exception.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from '../../dist/node/index.mjs';
import { examples } from './helpers.mjs';
import { startDevserver } from './devserver.mjs';

const require = createRequire(import.meta.url);
const cjs = require('../../dist/node/index.cjs');
const tagText = examples().find((e) => e.json.kind === 'ImageTag' && e.json.status?.items?.length).text;
const NOW = '2025-06-01T00:00:00Z';

// Whatever escapes to the event loop would end the process; count it instead, and fail on it.
const escaped = [];
const onEscape = (e) => escaped.push(e);
process.on('uncaughtException', onEscape);
process.on('unhandledRejection', onEscape);

let server;
before(async () => {
  server = await startDevserver(['--seed', 'demo']);
});
after(() => {
  server?.stop();
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  assert.deepEqual(escaped, [], 'nothing may escape to the event loop');
});

const throwingProxy = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('proxy get');
      },
      has() {
        throw new Error('proxy has');
      },
      ownKeys() {
        throw new Error('proxy ownKeys');
      },
      getOwnPropertyDescriptor() {
        throw new Error('proxy getOwnPropertyDescriptor');
      },
      getPrototypeOf() {
        throw new Error('proxy getPrototypeOf');
      },
    },
  );
const hostile = () => [
  ['number', 42],
  ['boolean', true],
  ['object', {}],
  ['BigInt', 10n],
  ['Symbol', Symbol('s')],
  ['null', null],
  ['undefined', undefined],
  ['throwing Proxy', throwingProxy()],
];

// What each parameter accepts: a wrong type must be 'schema'; an accepted one may succeed or fail with
// any code but 'internal'.
const accepts = {
  string: () => false,
  document: (kind) => kind === 'object',
  spec: (kind) => kind === 'object' || kind === 'null',
  options: (kind) => ['object', 'null', 'undefined'].includes(kind),
  number: (kind) => kind === 'number',
  optionalNumber: (kind) => ['number', 'null', 'undefined'].includes(kind),
  element: () => false, // no DOM in Node.js
  reference: (kind) => kind === 'object',
  function: () => false,
};
const tag = () => JSON.parse(tagText);
const functions = {
  parseImageTag: [['document', tag]],
  parseImageTagList: [['document', () => `{"items":[${tagText}]}`]],
  serializeImageTag: [['document', tag]],
  parseImageReference: [['string', () => 'quay.io/a/b:1']],
  formatImageReference: [['reference', () => ({ name: 'b', tag: '1' })]],
  splitImageTagName: [['string', () => 'app:latest']],
  validateImageTag: [
    ['document', tag],
    ['options', () => ({ operation: 'create' })],
  ],
  validateImageTagList: [
    ['document', () => `{"items":[${tagText}]}`],
    ['options', () => ({ operation: 'read' })],
  ],
  describeTag: [
    ['document', tag],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistoryText: [
    ['document', tag],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistoryHtml: [
    ['document', tag],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistorySvg: [
    ['document', tag],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistoryInto: [
    ['element', () => null],
    ['document', tag],
    ['options', () => ({ now: NOW })],
  ],
  humanDuration: [['number', () => 3600]],
  shortDigest: [
    ['string', () => `sha256:${'ab'.repeat(32)}`],
    ['optionalNumber', () => 12],
  ],
  imageTagTable: [
    ['document', () => `{"items":[${tagText}]}`],
    ['options', () => ({ now: NOW })],
  ],
  describeTagList: [
    ['document', () => `{"items":[${tagText}]}`],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistoryTextList: [
    ['document', () => `{"items":[${tagText}]}`],
    ['options', () => ({ now: NOW })],
  ],
  renderTagHistoryHtmlList: [
    ['document', () => `{"items":[${tagText}]}`],
    ['options', () => ({ now: NOW })],
  ],
};
// Against namespace 'scratch' (nothing there): a wrong value may be an accepted one (options null means
// no dry run), and the seeded 'demo' data must stay as it is for the tests below.
const clientMethods = {
  list: [['options', () => ({ namespace: 'demo' })]],
  get: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['options', () => ({})],
  ],
  create: [
    ['string', () => 'scratch'],
    ['document', tag],
    ['options', () => ({ dryRun: true })],
  ],
  replace: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['document', tag],
    ['options', () => ({ dryRun: true })],
  ],
  patch: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['document', () => ({})],
    ['options', () => ({ dryRun: true })],
  ],
  delete: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['options', () => ({ dryRun: true })],
  ],
  updateSpec: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['function', () => () => undefined],
    ['options', () => ({ dryRun: true })],
  ],
  replaceSpec: [
    ['string', () => 'scratch'],
    ['string', () => 'app:latest'],
    ['spec', () => null],
    ['options', () => ({ dryRun: true })],
  ],
};

/** Checks one outcome: `thrown` is undefined when the call returned. */
function judge(what, param, kind, thrown, returned) {
  if (thrown === undefined) {
    assert.ok(accepts[param](kind), `${what}: a ${kind} was accepted where a ${param} belongs (${returned})`);
    return;
  }
  assert.ok(thrown instanceof esm.ImageTagError, `${what}: not an ImageTagError: ${thrown?.stack ?? String(thrown)}`);
  assert.notEqual(thrown.code, 'internal', `${what}: ${thrown.message}`);
  if (!accepts[param](kind)) assert.equal(thrown.code, 'schema', `${what}: ${thrown.message}`);
}

function everythingWorks(m) {
  const t = m.parseImageTag(tagText);
  assert.equal(JSON.parse(m.serializeImageTag(t)).metadata.name, t.metadata.name);
  assert.equal(m.shortDigest(`sha256:${'ab'.repeat(32)}`), `sha256:${'ab'.repeat(6)}`);
  assert.equal(m.humanDuration(3600), 'About an hour');
  assert.match(m.renderTagHistoryHtml(t, { now: NOW }), /^<table/);
}

test('the table above names every exported function', () => {
  const exported = Object.keys(cjs).filter(
    (n) =>
      typeof cjs[n] === 'function' &&
      !n.startsWith('__') &&
      !['default', 'init', 'ImageTagClient', 'ImageTagError'].includes(n),
  );
  assert.deepEqual(exported.sort(), Object.keys(functions).sort());
});

test('every export × every JS type: never a trap; a wrong type is an ImageTagError schema', async () => {
  const client = new esm.ImageTagClient({ baseUrl: server.url, maxRetries: 0 });
  let calls = 0;
  for (const m of [esm, cjs]) {
    for (const [name, params] of Object.entries(functions)) {
      for (let at = 0; at < params.length; at++) {
        for (const [kind, value] of hostile()) {
          const args = params.map(([, make]) => make());
          args[at] = value;
          let thrown;
          let returned;
          try {
            returned = m[name](...args);
          } catch (e) {
            thrown = e;
          }
          // renderTagHistoryInto has no DOM in Node.js: its valid element is a wrong type too.
          const param = name === 'renderTagHistoryInto' && at > 0 ? 'element' : params[at][0];
          judge(`${name} argument ${at} = ${kind}`, param, kind, thrown, returned);
          calls++;
        }
      }
    }
    for (const [name, params] of Object.entries(clientMethods)) {
      for (let at = 0; at < params.length; at++) {
        for (const [kind, value] of hostile()) {
          const args = params.map(([, make]) => make());
          args[at] = value;
          let result;
          try {
            result = client[name](...args);
          } catch (e) {
            assert.fail(`${name}: threw instead of rejecting: ${e}`);
          }
          assert.ok(result instanceof Promise, name);
          let thrown;
          let returned;
          try {
            returned = await result;
          } catch (e) {
            thrown = e;
          }
          judge(`client.${name} argument ${at} = ${kind}`, params[at][0], kind, thrown, JSON.stringify(returned));
          calls++;
        }
      }
    }
    for (const [kind, value] of hostile()) {
      assert.throws(
        () => new m.ImageTagClient(value),
        (e) => e instanceof esm.ImageTagError && e.code === 'schema',
        `new ImageTagClient(${kind})`,
      );
      const options = { baseUrl: server.url };
      for (const key of ['baseUrl', 'token', 'headers', 'timeoutMs', 'maxRetries', 'maxResponseBytes', 'fetch']) {
        if (kind === 'object' && key === 'headers') continue; // {} is valid headers
        if (kind === 'number' && /^(timeoutMs|maxRetries|maxResponseBytes)$/.test(key)) continue; // valid
        if ((kind === 'null' || kind === 'undefined') && key !== 'baseUrl') continue; // absent: the default
        assert.throws(
          () => new m.ImageTagClient({ ...options, [key]: value }),
          (e) => e instanceof esm.ImageTagError && e.code === 'schema',
          `new ImageTagClient({ ${key}: ${kind} })`,
        );
      }
    }
    everythingWorks(m);
  }
  assert.ok(calls > 400, `${calls} calls`);
  // The client made before all of this still works.
  const list = await client.list({ namespace: 'demo' });
  assert.equal(list.kind, 'ImageTagList');
  assert.ok(list.items.length > 0);
});

test('issue 19 reproduction: shortDigest(42), then a client made before it lists', async () => {
  const c = new esm.ImageTagClient({ baseUrl: server.url });
  assert.throws(() => esm.shortDigest(42), { name: 'ImageTagError', code: 'schema' });
  const list = await c.list({ namespace: 'demo' });
  assert.ok(list.items.length > 0);
  assert.equal(esm.shortDigest(`sha256:${'0'.repeat(64)}`), `sha256:${'0'.repeat(12)}`);
});

for (const kind of ['panic', 'trap', 'stack', 'oom']) {
  test(`after a ${kind}, every client made before keeps working`, async () => {
    const clients = [
      new esm.ImageTagClient({ baseUrl: server.url }),
      new cjs.ImageTagClient({ baseUrl: server.url, headers: { 'x-test': '1' }, maxRetries: 0, timeoutMs: 5000 }),
      new esm.ImageTagClient({ baseUrl: server.url, fetch: (url, init) => fetch(url, init) }),
    ];
    for (let round = 0; round < 2; round++) {
      assert.throws(() => cjs.__imagetagTestPanic(kind), { name: 'ImageTagError', code: 'internal' });
      for (const c of clients) {
        const t = await c.get('demo', 'app:latest');
        assert.equal(t.metadata.name, 'app:latest');
        assert.equal((await c.list({ namespace: 'demo' })).kind, 'ImageTagList');
      }
      everythingWorks(esm);
    }
  });

  test(`a ${kind} inside an async call rejects its promise with code 'internal'`, async () => {
    const c = new esm.ImageTagClient({ baseUrl: server.url });
    await assert.rejects(cjs.__imagetagTestPanicAsync(kind), (e) => {
      assert.ok(e instanceof esm.ImageTagError);
      assert.equal(e.code, 'internal');
      assert.match(e.message, /^internal error: .+; the module has been reset$/);
      return true;
    });
    assert.equal(await cjs.__imagetagTestPanicAsync('alive'), 'alive');
    assert.equal((await c.list({ namespace: 'demo' })).kind, 'ImageTagList');
    everythingWorks(esm);
  });
}

test('a call in flight when the module is reset is rejected with code internal, never left pending', async () => {
  const c = new esm.ImageTagClient({ baseUrl: server.url });
  const pending = c.list({ namespace: 'demo' });
  assert.throws(() => cjs.__imagetagTestPanic('trap'), { code: 'internal' });
  await assert.rejects(pending, { name: 'ImageTagError', code: 'internal' });
  assert.equal((await c.list({ namespace: 'demo' })).kind, 'ImageTagList');
});

test('a freed client or a wrong `this` is an ImageTagError, never a crash', async () => {
  const c = new esm.ImageTagClient({ baseUrl: server.url });
  c.free();
  c.free();
  await assert.rejects(c.list(), { name: 'ImageTagError', code: 'schema' });
  await assert.rejects(esm.ImageTagClient.prototype.get.call({}, 'demo', 'app:latest'), {
    name: 'ImageTagError',
    code: 'schema',
  });
  everythingWorks(esm);
});
