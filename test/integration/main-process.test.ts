import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES } from '../../src/shared/contract';
import type { Envelope } from '../../src/shared/errors';
import { tempDir } from '../helpers/engine';

/**
 * The BUILT main process (out/main/index.js) with its real engine and demo simulator on 127.0.0.1, and a recording
 * stand-in for the 'electron' module: this machine may have no Electron binary, but the wiring (IPC channels,
 * sender checks, events to the window, navigation and permission rules, quit) is ours and is checked here.
 * test/e2e/electron.spec.ts runs the same app in real Electron where a binary exists.
 */
type Fn = (...args: never[]) => unknown;
interface Frame {
  processId: number;
  routingId: number;
  parent: Frame | null;
  url: string;
}

function fakeElectron(userData: string) {
  const appEvents = new Map<string, Fn[]>();
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<Envelope<unknown>>>();
  const ipcListeners = new Map<string, Fn>();
  const sent: Array<[string, unknown]> = [];
  const contentsEvents = new Map<string, Fn>();
  const session = { permission: null as Fn | null, headers: null as Fn | null };
  const quits: string[] = [];
  const mainFrame: Frame = { processId: 7, routingId: 1, parent: null, url: 'about:blank' };
  const webContents = {
    mainFrame,
    isDestroyed: () => false,
    getURL: () => mainFrame.url,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
    on: (name: string, fn: Fn) => contentsEvents.set(name, fn),
    windowOpen: null as Fn | null,
    setWindowOpenHandler(fn: Fn) {
      this.windowOpen = fn;
    },
  };
  const windows: Array<{ options: { webPreferences: Record<string, unknown> } }> = [];
  class BrowserWindow {
    webContents = webContents;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      windows.push(this);
    }
    isDestroyed = () => false;
    once() {}
    on() {}
    async loadFile(file: string) {
      mainFrame.url = pathToFileURL(file).href;
    }
    async loadURL(url: string) {
      mainFrame.url = url;
    }
  }
  const electron = {
    app: {
      isPackaged: false,
      setName() {},
      setPath() {},
      getPath: () => userData,
      getVersion: () => '9.9.9-test',
      requestSingleInstanceLock: () => true,
      setAppUserModelId() {},
      whenReady: () => Promise.resolve(),
      on: (name: string, fn: Fn) => appEvents.set(name, [...(appEvents.get(name) ?? []), fn]),
      quit: () => quits.push('quit'),
      exit: (code: number) => quits.push(`exit ${code}`),
    },
    BrowserWindow,
    ipcMain: {
      handle: (ch: string, fn: never) => handlers.set(ch, fn),
      removeHandler: (ch: string) => handlers.delete(ch),
      on: (ch: string, fn: Fn) => ipcListeners.set(ch, fn),
      removeListener: (ch: string) => ipcListeners.delete(ch),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (session.permission = fn),
        setPermissionCheckHandler() {},
        setDevicePermissionHandler() {},
        webRequest: { onHeadersReceived: (fn: Fn) => (session.headers = fn) },
      },
    },
    Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu() {} },
    // The OS secret store (DPAPI, keychain, libsecret), as a reversible stand-in: OPC UA passwords are sealed with it.
    safeStorage: { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(`sealed:${s}`), decryptString: (b: Buffer) => String(b).slice('sealed:'.length) },
    dialog: { showErrorBox: (title: string, msg: string) => quits.push(`error ${title}: ${msg}`) },
  };
  return { electron, appEvents, handlers, ipcListeners, sent, contentsEvents, session, quits, mainFrame, webContents, windows };
}

const root = path.resolve(__dirname, '..', '..');
const mainFile = path.join(root, 'out', 'main', 'index.js');
let fake: ReturnType<typeof fakeElectron>;
let home: ReturnType<typeof tempDir>;
const savedHome = process.env['FIELDBENCH_HOME'];

const invoke = (name: string, input: unknown, event: unknown) => fake.handlers.get(`fb:req:${name}`)!(event, input);
const trusted = () => ({ sender: fake.webContents, senderFrame: fake.mainFrame });

beforeAll(async () => {
  if (!existsSync(mainFile)) throw new Error('out/main/index.js is missing: run `npm run build` first');
  home = tempDir('fieldbench-main-');
  process.env['FIELDBENCH_HOME'] = home.dir;
  fake = fakeElectron(home.dir);
  const realRequire = createRequire(mainFile);
  // Dynamic import() in the main bundle (node-opcua is loaded lazily) goes to Node's own loader, as in Electron.
  const wrapper = vm.runInThisContext(Module.wrap(readFileSync(mainFile, 'utf8')), { filename: mainFile, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }) as (...args: unknown[]) => void;
  const mod = { exports: {} };
  wrapper(mod.exports, (id: string) => (id === 'electron' ? fake.electron : realRequire(id)), mod, mainFile, path.dirname(mainFile));
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 10_000 });
});

afterAll(async () => {
  if (savedHome === undefined) delete process.env['FIELDBENCH_HOME'];
  else process.env['FIELDBENCH_HOME'] = savedHome;
  home?.cleanup();
});

describe('Electron main process (built, electron stand-in)', () => {
  it('opens one sandboxed window with the bundled preload', () => {
    const prefs = fake.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(prefs['preload']).toBe(path.join(root, 'out', 'preload', 'index.cjs'));
    expect(fake.mainFrame.url).toBe(pathToFileURL(path.join(root, 'out', 'renderer', 'index.html')).href);
  });

  it('has one IPC channel per contract request and no other', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(REQUEST_NAMES.map((n) => `fb:req:${n}`).sort());
  });

  it('answers our main frame, with the demo simulator as the default target', async () => {
    const env = await invoke('app.info', {}, trusted());
    expect(env.ok).toBe(true);
    expect(env.ok && env.value).toMatchObject({ host: 'electron', version: '9.9.9-test', simulator: { host: '127.0.0.1', unitId: 1 } });
    const bad = await invoke('modbus.read', { deviceId: 'nope', table: 'holding', address: 0, count: 999 }, trusted());
    expect(bad.ok === false && bad.error.code).toBe('invalid_input');
  });

  it('refuses sub-frames, other web contents and pages that are not the app', async () => {
    const subFrame = { processId: 7, routingId: 2, parent: fake.mainFrame, url: fake.mainFrame.url };
    const cases = [
      { sender: fake.webContents, senderFrame: subFrame },
      { sender: { ...fake.webContents }, senderFrame: fake.mainFrame },
      { sender: fake.webContents, senderFrame: { ...fake.mainFrame, url: 'https://example.com/' } },
      { sender: fake.webContents, senderFrame: null },
    ];
    for (const event of cases) {
      const env = await invoke('app.info', {}, event);
      expect(env).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('main frame') } });
    }
  });

  it('forwards the event streams the page asked for, from the page only: live values from the demo plant', async () => {
    const subscribe = fake.ipcListeners.get('fb:sub') as unknown as (event: unknown, name: unknown, on: unknown) => void;
    subscribe({ sender: fake.webContents, senderFrame: { ...fake.mainFrame, url: 'https://example.com/' } }, 'watch.update', true);
    subscribe(trusted(), 'no.such.stream', true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.sent.filter(([ch]) => ch === 'fb:evt:watch.update')).toEqual([]);
    subscribe(trusted(), 'watch.update', true);
    await vi.waitFor(
      () => {
        const update = fake.sent.find(([ch, p]) => ch === 'fb:evt:watch.update' && (p as { raw: number[] }).raw.length > 0);
        expect(update?.[1]).toMatchObject({ quality: { status: 'good' } });
        expect((update![1] as { raw: number[] }).raw[0]).toBe(1500);
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it('keeps the window on the app: navigation, new windows, permissions, CSP header', () => {
    const prevented: string[] = [];
    const navigate = fake.contentsEvents.get('will-navigate') as unknown as (e: { url: string; preventDefault(): void }) => void;
    for (const url of ['https://example.com/', 'file:///etc/passwd', fake.mainFrame.url]) navigate({ url, preventDefault: () => prevented.push(url) });
    expect(prevented).toEqual(['https://example.com/', 'file:///etc/passwd']);
    expect((fake.webContents.windowOpen as unknown as () => unknown)()).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    const ask = fake.session.permission as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    ask(fake.webContents, 'media', (ok) => answers.push(ok));
    ask(fake.webContents, 'serial', (ok) => answers.push(ok));
    ask(fake.webContents, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    ask({ getURL: () => 'https://example.com/' }, 'clipboard-sanitized-write', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, true, false]);
    let headers: unknown;
    (fake.session.headers as unknown as (d: unknown, cb: (r: unknown) => void) => void)({ url: fake.mainFrame.url, responseHeaders: {} }, (r) => (headers = r));
    expect(JSON.stringify(headers)).not.toMatch(/unsafe-/);
    expect(headers).toMatchObject({ responseHeaders: { 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] } });
  });

  it('starts the OPC UA demo server and the EtherNet/IP simulator beside the demo plant, and the app points at them', async () => {
    const env = await invoke('app.info', {}, trusted());
    const demos = (env as { ok: true; value: { demos: { opcuaUrl: string | null; cip: { host: string; port: number } | null } } }).value.demos;
    expect(demos.opcuaUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(demos.cip).toMatchObject({ host: '127.0.0.1' });
    // A real OPC UA server answers there: its endpoints, through the engine's own discovery.
    const found = await invoke('opcua.discover', { url: demos.opcuaUrl }, trusted());
    expect(found.ok && (found.value as { servers: { applicationUri: string }[] }).servers.map((s) => s.applicationUri)).toContain('urn:fieldbench:demo-server');
  });

  it('on quit, holds the exit until the engine, the simulator and the demo peers have closed', async () => {
    const env = await invoke('app.info', {}, trusted());
    const sim = (env as { ok: true; value: { simulator: { port: number } } }).value.simulator;
    const { demos } = (env as { ok: true; value: { demos: { opcuaUrl: string; cip: { port: number } } } }).value;
    let prevented = 0;
    for (const fn of fake.appEvents.get('will-quit') ?? []) (fn as unknown as (e: { preventDefault(): void }) => void)({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(fake.quits).toEqual(['quit']), { timeout: 10_000 });
    expect(fake.handlers.size).toBe(0);
    const net = await import('node:net');
    const refused = (port: number) =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
    expect(await refused(sim.port)).toBe(true);
    expect(await refused(Number(/:(\d+)$/.exec(demos.opcuaUrl)![1]))).toBe(true);
    expect(await refused(demos.cip.port)).toBe(true);
  });
});
