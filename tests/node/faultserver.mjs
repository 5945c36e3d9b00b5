// A tiny misbehaving HTTP server on loopback (raw `node:net`, so it can send what no HTTP library would:
// lying Content-Length, bodies that never end, garbage, silence), for tests/node/client-faults.test.mjs.
//
// Run as a script (`node faultserver.mjs <url>`), it is the child process of the "nothing hangs" test:
// it makes failing client calls against the parent's server and then simply returns; the process must
// exit on its own (no timer or socket of the client left behind).
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** The head of an answer: `head(200, {'Content-Type': 'application/json'})`. */
export function head(code, headers = {}, text = 'OK') {
  return `HTTP/1.1 ${code} ${text}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** A complete answer with a JSON (or text) body and a correct Content-Length. */
export function answer(code, body, contentType = 'application/json', text = 'OK') {
  const b = typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  return Buffer.concat([Buffer.from(head(code, { 'Content-Type': contentType, 'Content-Length': b.length }, text)), b]);
}

/**
 * Starts a server on 127.0.0.1 whose `behave(socket, request)` is called for every request head received
 * (`request` = { method, path, head, socket }); `onConnect(socket)` (optional) runs first on each connection and
 * may return true to take it over. Resolves to { url, requests, close() }: `requests` lists every
 * request head seen, `close()` destroys every socket and the listener, and stops every timer `behave` registered
 * through `socket.every(ms, fn)`.
 */
export function faultServer(behave, onConnect) {
  const sockets = new Set();
  const timers = new Set();
  const requests = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      for (const t of socket.timers ?? []) {
        clearInterval(t);
        timers.delete(t);
      }
    });
    socket.timers = [];
    socket.every = (ms, fn) => {
      const t = setInterval(() => {
        if (!socket.destroyed) fn();
      }, ms);
      socket.timers.push(t);
      timers.add(t);
    };
    if (onConnect?.(socket)) return;
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const text = buf.slice(0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        buf = buf.slice(end + 4 + length);
        const [method, path] = text.split(' ');
        const request = { method, path, head: text, socket };
        requests.push(request);
        behave(socket, request);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () =>
          new Promise((done) => {
            for (const t of timers) clearInterval(t);
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Streams spaces as a chunked body as fast as the socket takes them, until the socket closes (after a
 * 200 head and a `[`, unless `head: false`). */
export function flood(socket, { head: withHead = true, chunkBytes = 64 * 1024 } = {}) {
  if (withHead) {
    socket.write(head(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
    socket.write('1\r\n[\r\n');
  }
  const piece = Buffer.concat([
    Buffer.from(`${chunkBytes.toString(16)}\r\n`),
    Buffer.alloc(chunkBytes, 0x20),
    Buffer.from('\r\n'),
  ]);
  const pump = () => {
    while (!socket.destroyed && socket.write(piece));
  };
  socket.on('drain', pump);
  pump();
}

// ---------------------------------------------------------------------------------------------------
// The child process of the "nothing hangs" test.

async function child(url) {
  const { ImageTagClient } = await import('../../dist/node/index.mjs');
  const results = [];
  const run = async (name, options, call) => {
    const client = new ImageTagClient({ baseUrl: `${url}/${name}`, maxRetries: 0, ...options });
    const t = Date.now();
    try {
      await call(client);
      results.push({ name, code: 'resolved', ms: Date.now() - t });
    } catch (e) {
      results.push({ name, code: e.code, ms: Date.now() - t });
    }
  };
  // Long timeouts on calls that end early: a timer left behind would keep the process alive.
  await run('silent', { timeoutMs: 300 }, (c) => c.get('ns', 'a:b'));
  await run('close', { timeoutMs: 20000 }, (c) => c.get('ns', 'a:b'));
  await run('trickle', { timeoutMs: 300 }, (c) => c.list());
  await run('flood', { timeoutMs: 20000, maxResponseBytes: 1 << 20 }, (c) => c.list());
  await run('garbage', { timeoutMs: 20000 }, (c) =>
    c.create('ns', { metadata: { name: 'a:b' }, spec: { from: { kind: 'DockerImage', name: 'x/y:z' } } }),
  );
  await run('retry', { timeoutMs: 20000, maxRetries: 1 }, (c) => c.get('ns', 'a:b'));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await run('slow', { timeoutMs: 20000 }, (c) => c.get('ns', 'a:b', { signal: controller.signal }));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

/** What the parent's server does for each child case (the first path segment names it). */
export function childBehaviour(socket, request) {
  const name = request.path.split('/')[1];
  switch (name) {
    case 'silent':
    case 'slow':
      return;
    case 'close':
    case 'retry':
      socket.destroy();
      return;
    case 'trickle':
      socket.write(head(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
      socket.every(50, () => socket.write('1\r\n \r\n'));
      return;
    case 'flood':
      flood(socket);
      return;
    default:
      socket.end('HELLO THERE\r\n\r\n');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await child(process.argv[2]);
}
