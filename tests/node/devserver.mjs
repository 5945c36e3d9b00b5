// Starts a real imagetag-devserver for a Node test suite (port 0; the first stdout line gives the URL).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';

export function devserverBinary() {
  const candidates = [
    process.env.IMAGETAG_DEVSERVER_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, 'devserver', 'imagetag-devserver'),
    path.join(root, 'target', 'devserver', 'imagetag-devserver'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`imagetag-devserver not built (looked at ${candidates.join(', ')})`);
  return found;
}

/** Resolves to { url, stop() }. Listens on a free loopback port unless `args` has a `--listen`. */
export function startDevserver(args = ['--seed', 'empty']) {
  return new Promise((resolve, reject) => {
    const listen = args.includes('--listen') ? [] : ['--listen', '127.0.0.1:0'];
    const child = spawn(devserverBinary(), [...listen, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`devserver did not start: ${out}`));
    }, 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (\S+)/m);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => child.kill() });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`devserver exited ${code}: ${out}`));
    });
  });
}

/** POSTs JSON to a simulator endpoint. */
export async function simulator(url, what, body, method = 'POST') {
  const r = await fetch(`${url}/simulator/v1/${what}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return r.json();
}

/** An ImageTag of a `DockerImage` source, as a console would create it (`name` is `<stream>:<tag>`). */
export const dockerTag = (name, from, namespace = 'team') => ({
  kind: 'ImageTag',
  apiVersion: 'image.openshift.io/v1',
  metadata: { name, namespace },
  spec: {
    name: name.split(':')[1],
    from: { kind: 'DockerImage', name: from },
    importPolicy: {},
    referencePolicy: { type: 'Source' },
  },
});
