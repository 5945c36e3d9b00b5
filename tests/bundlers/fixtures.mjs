// Shared by the console suites (tests/bundlers, tests/plugin): the packed tarball, fixtures installed from
// their committed package-lock.json (once: reinstalled only when the lock changes) with the tarball put in
// as `imagetag`, and a static server that serves built apps under sub-paths, with a proxy path.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT } from '../e2e/harness.mjs';

export { ROOT };
const PACKED = path.join(ROOT, 'test-artifacts', 'pack');
let tarball = null;

/** `npm pack` of the repository (dist/ must be built): the tarball's path, packed once per process. */
export function packedTarball() {
  if (tarball) return tarball;
  rmSync(PACKED, { recursive: true, force: true });
  mkdirSync(PACKED, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', PACKED], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  tarball = path.join(PACKED, name);
  return tarball;
}

const run = (cmd, args, cwd) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_ENV: '' } });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${e.stdout}${e.stderr}`);
  }
};

/**
 * Installs a fixture: `npm ci` from its package-lock.json when the lock changed since the last install
 * (node_modules/.imagetag-fixture holds the lock's hash), then the packed tarball as node_modules/imagetag,
 * unpacked as npm unpacks it (the package has no dependencies). Returns what it did, for the log.
 */
export function installFixture(dir) {
  const lock = readFileSync(path.join(dir, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const mark = path.join(dir, 'node_modules', '.imagetag-fixture');
  let did = 'reused node_modules';
  if (!existsSync(mark) || readFileSync(mark, 'utf8') !== hash) {
    run('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], dir);
    writeFileSync(mark, hash);
    did = 'npm ci';
  }
  const target = path.join(dir, 'node_modules', 'imagetag');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', packedTarball(), '-C', target, '--strip-components=1'], dir);
  return did;
}

export function bin(dir, name) {
  return path.join(dir, 'node_modules', '.bin', name);
}

/** Runs a fixture's build command; returns its output. */
export function build(dir, name, args) {
  return run(bin(dir, name), args, dir);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/**
 * A static server. `mounts`: { '/prefix/': directory or { file } }, longest prefix first; `/` + prefix
 * serves index.html. `wasmType`: the Content-Type of .wasm files (application/wasm, or what older nginx
 * images send). `proxy`: { '/api/kubernetes/': 'http://upstream' } passes requests on without the prefix.
 * `pages`: { '/path': html }. Records every request as { path, type, status }. Resolves to
 * { url, requests, close() }.
 */
export async function serve({ mounts = {}, wasmType = 'application/wasm', proxy = {}, pages = {} }) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const done = (status, type, body) => {
      requests.push({ path: url.pathname, type, status });
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      if (body && typeof body.pipe === 'function') body.pipe(res);
      else res.end(body);
    };
    if (pages[url.pathname] !== undefined) return done(200, TYPES['.html'], pages[url.pathname]);
    const up = Object.keys(proxy).find((p) => url.pathname.startsWith(p));
    if (up) {
      const target = new URL(url.pathname.slice(up.length - 1) + url.search, proxy[up]);
      const forward = http.request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (r) => {
          requests.push({
            path: url.pathname,
            type: r.headers['content-type'],
            status: r.statusCode,
            method: req.method,
          });
          res.writeHead(r.statusCode, r.headers);
          r.pipe(res);
        },
      );
      forward.on('error', (e) => done(502, 'text/plain', String(e)));
      req.pipe(forward);
      return;
    }
    const prefix = Object.keys(mounts)
      .sort((a, b) => b.length - a.length)
      .find((p) => url.pathname.startsWith(p));
    if (!prefix) return done(404, 'text/plain', 'not found');
    const mount = mounts[prefix];
    let file;
    if (typeof mount === 'object') file = mount.file;
    else {
      const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
      file = path.resolve(mount, rel);
      if (!file.startsWith(path.resolve(mount))) return done(403, 'text/plain', 'outside');
    }
    if (!existsSync(file) || !statSync(file).isFile()) return done(404, 'text/plain', 'not found');
    const ext = path.extname(file);
    const type = ext === '.wasm' ? wasmType : TYPES[ext] || 'application/octet-stream';
    done(200, type, createReadStream(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}
