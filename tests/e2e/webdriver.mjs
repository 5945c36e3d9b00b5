// WebKit (the engine of Safari) and Firefox for the end-to-end tests, driven by plain W3C WebDriver calls
// (Node's fetch; no client library): Debian's WebKitGTK WebDriver (/usr/bin/WebKitWebDriver) inside an Xvfb
// display this module starts (Playwright's own WebKit build cannot be downloaded here, and WebKitWebDriver
// has no headless mode), and headless Firefox through geckodriver.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const WEBKIT_DRIVER = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
// The W3C "web element identifier" key of element references.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/** Starts Xvfb on a free display (it picks the number and writes it to fd 3); resolves to { display, stop }. */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display within 15 s: ${stderr}`)), 15000);
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${stderr}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not be started (${e.message}); scripts/setup.sh installs it (Debian's xvfb)`));
    });
  });
  return { display, stop: () => stopChild(child) };
}

/**
 * Xvfb, WebKitWebDriver on a free port and one session with empty capabilities. Resolves to a session
 * object (below) whose close() ends all three.
 */
export async function openWebKit({ width = 1280, height = 800 } = {}) {
  const xvfb = await startXvfb();
  try {
    return await openSession({
      bin: WEBKIT_DRIVER,
      args: (port) => [`--port=${port}`, '--host=127.0.0.1'],
      env: { DISPLAY: xvfb.display },
      install: 'webkit2gtk-driver',
      capabilities: {},
      size: { width, height },
      stopMore: () => xvfb.stop(),
    });
  } catch (e) {
    await xvfb.stop();
    throw e;
  }
}

export const GECKO_DRIVER = process.env.GECKODRIVER || 'geckodriver';

/**
 * Headless Firefox (Debian's, or $FIREFOX) through geckodriver on a free port, with a fresh profile.
 * Resolves to a session object (below) whose close() ends both.
 */
export function openFirefox({ width = 1280, height = 800 } = {}) {
  return openSession({
    bin: GECKO_DRIVER,
    args: (port) => [`--port=${port}`, '--host=127.0.0.1'],
    env: {},
    install: 'geckodriver',
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': { binary: process.env.FIREFOX || '/usr/bin/firefox', args: ['-headless'] },
      },
    },
    size: { width, height },
    stopMore: async () => {},
  });
}

/** A WebDriver server `bin` on a free port and one session with `capabilities`. */
async function openSession({ bin, args, env, install, capabilities, size, stopMore }) {
  const port = await freePort();
  const driver = spawn(bin, args(port), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let log = '';
  let failed = null;
  driver.once('error', (e) => {
    failed = new Error(`${bin} could not be started (${e.message}); scripts/setup.sh installs it (${install})`);
  });
  driver.stdout.on('data', (d) => {
    log += d;
  });
  driver.stderr.on('data', (d) => {
    log += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const stopAll = async () => {
    await stopChild(driver);
    await stopMore();
  };
  try {
    const deadline = Date.now() + 15000;
    for (;;) {
      if (failed) throw failed;
      if (driver.exitCode !== null) throw new Error(`${bin} exited with ${driver.exitCode}: ${log}`);
      const ready = await fetch(`${base}/status`)
        .then((r) => r.json())
        .then((j) => j.value?.ready)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${bin} not ready within 15 s: ${log}`);
      await sleep(100);
    }
    const created = await call(base, 'POST', '/session', { capabilities });
    const session = new Session(`${base}/session/${created.sessionId}`, created.capabilities, stopAll);
    await session.setWindowSize(size.width, size.height);
    // Scripts may run long on a busy machine (the default is 30 s).
    await session.cmd('POST', '/timeouts', { script: 300000 });
    return session;
  } catch (e) {
    await stopChild(driver);
    throw e;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(base, method, route, body) {
  const r = await fetch(`${base}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok || json.value?.error)
    throw new Error(`WebDriver ${method} ${route}: ${json.value?.error}: ${json.value?.message}`);
  return json.value;
}

/** One WebDriver session: the handful of commands the tests use. Elements are found by CSS selector. */
class Session {
  constructor(url, capabilities, stopAll) {
    this.url = url;
    this.capabilities = capabilities;
    this.stopAll = stopAll;
  }
  cmd(method, route, body) {
    return call(this.url, method, route, body);
  }
  get version() {
    return `${this.capabilities.browserName} ${this.capabilities.browserVersion}`;
  }
  setWindowSize(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }
  goto(url) {
    return this.cmd('POST', '/url', { url });
  }
  /** Runs `fn` (a function, sent as source) in the page with `args`; element references in args and results. */
  execute(fn, ...args) {
    return this.cmd('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments)`, args });
  }
  /**
   * Like Playwright's page.evaluate: awaits `fn(arg)` in the page and resolves to its (JSON) value; a throw
   * or rejection in the page rejects here with its message.
   */
  async evaluate(fn, arg) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0]))
        .then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const r = await this.cmd('POST', '/execute/async', { script, args: [arg ?? null] });
    if (r?.error !== undefined) throw new Error(`in the page: ${r.error}`);
    return r?.value;
  }
  async find(css) {
    const all = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    if (all.length === 0) throw new Error(`no element matches ${css}`);
    return all[0][ELEMENT];
  }
  count(css) {
    return this.execute((s) => document.querySelectorAll(s).length, css);
  }
  async click(css) {
    await this.cmd('POST', `/element/${await this.find(css)}/click`, {});
  }
  /** Replaces the control's value by typing `text` (real key events: input handlers run as for a user). */
  async fill(css, text) {
    const el = await this.find(css);
    await this.cmd('POST', `/element/${el}/clear`, {});
    if (text !== '') await this.cmd('POST', `/element/${el}/value`, { text });
  }
  /** Chooses the <option> of a <select> by value, with a click on it as a user would. */
  select(css, value) {
    return this.click(`${css} option[value="${value}"]`);
  }
  text(css) {
    return this.execute((s) => document.querySelector(s)?.textContent ?? null, css);
  }
  attr(css, name) {
    return this.execute((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, css, name);
  }
  /** Polls `fn(...args)` in the page until it returns a truthy value; returns that value. */
  async waitUntil(fn, args = [], { timeout = 15000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const v = await this.execute(fn, ...args);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await sleep(50);
    }
  }
  waitFor(css, opts) {
    return this.waitUntil((s) => !!document.querySelector(s), [css], { what: css, ...opts });
  }
  waitGone(css, opts) {
    return this.waitUntil((s) => !document.querySelector(s), [css], { what: `no ${css}`, ...opts });
  }
  async screenshot(file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await this.cmd('GET', '/screenshot'), 'base64'));
    return file;
  }
  async close() {
    await this.cmd('DELETE', '').catch(() => {});
    await this.stopAll();
  }
}
