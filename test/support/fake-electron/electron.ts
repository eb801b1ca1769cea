// A recording stand-in for the `electron` module, for booting the built app (dist/main/app/main.js) in
// plain Node: hooks.ts resolves `import … from 'electron'` here. It keeps Electron's rules that a wrong
// wiring would break on a real Mac (no window, tray, protocol handler, session or screen before `ready`;
// privileged schemes only before it; one ipcMain handler per channel; loadURL fails on what the app://
// handler does not serve), journals every call to the test that forked the process, and lets the test
// drive it (IPC invokes, protocol fetches, events, menu clicks) — see messages.ts.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { ChildMessage, Command, CommandMessage, FakeTarget, FetchAnswer, JournalEntry } from './messages.js';

let seq = 0;
let ready = false;
let quitRequested = false;
let nextObjectId = 1;
const objects = new Map<number, object>();

function send(message: ChildMessage, done?: () => void): void {
  if (process.send) process.send(message, undefined, undefined, () => done?.());
  else done?.();
}

function record(call: string, args: unknown[] = [], target: number | null = null): void {
  const entry: JournalEntry = { seq: ++seq, call, args: args.map((a) => plain(a, 0)), target, afterReady: ready };
  send({ type: 'journal', entry });
}

/** A JSON-safe copy of an argument: functions as "[function]", fakes by id, images by path. */
function plain(value: unknown, depth: number): unknown {
  if (typeof value === 'function') return '[function]';
  if (value instanceof FakeNativeImage) return { image: value.path };
  if (value instanceof FakeObject) return { fake: value.id };
  if (value === null || typeof value !== 'object' || depth > 6) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
}

function requireReady(what: string): void {
  if (ready) return;
  record('error', [`${what} before the app is ready`]);
  throw new Error(`${what} cannot be used before the app is ready`);
}

interface Preventable {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

function preventable(): Preventable {
  let prevented = false;
  return {
    preventDefault: () => void (prevented = true),
    get defaultPrevented() {
      return prevented;
    },
  };
}

/** Every fake object has an id (the journal's `target`) and journals the listeners the app adds. */
class FakeObject extends EventEmitter {
  readonly id = nextObjectId++;
  constructor(readonly kind: string) {
    super();
    objects.set(this.id, this);
  }
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    record(`${this.kind}.on`, [String(event)], this.id);
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  override once(event: string | symbol, listener: (...args: never[]) => void): this {
    record(`${this.kind}.once`, [String(event)], this.id);
    return super.once(event, listener as (...args: unknown[]) => void);
  }
}

// ——— app ———

let markReady: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (markReady = resolve));

function userData(): string {
  const dir = process.env.FAKE_ELECTRON_USER_DATA;
  if (!dir) throw new Error('FAKE_ELECTRON_USER_DATA is not set');
  return dir;
}

/** `electron .` runs package.json's `main`; the app path is the folder holding that package.json. */
function appPath(): string {
  let dir = dirname(process.argv[1] ?? '.');
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${process.argv[1]}`);
    dir = up;
  }
  return dir;
}

class FakeApp extends FakeObject {
  constructor() {
    super('app');
  }
  readonly dock = process.platform === 'darwin' ? { hide: (): void => record('app.dock.hide') } : undefined;
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_SECOND_INSTANCE !== '1';
  }
  whenReady(): Promise<void> {
    record('app.whenReady');
    return whenReady;
  }
  isReady(): boolean {
    return ready;
  }
  getPath(name: string): string {
    record('app.getPath', [name]);
    if (name === 'userData') return userData();
    if (name === 'documents') return join(userData(), 'Documents');
    throw new Error(`Failed to get '${name}' path`);
  }
  getAppPath(): string {
    record('app.getAppPath');
    return appPath();
  }
  setAppUserModelId(id: string): void {
    record('app.setAppUserModelId', [id]);
  }
  setLoginItemSettings(settings: unknown): void {
    record('app.setLoginItemSettings', [settings]);
  }
  /** Like Electron: asynchronous; `before-quit` can be prevented, then windows close and the process ends. */
  quit(): void {
    record('app.quit');
    quitRequested = true;
    setImmediate(() => {
      const beforeQuit = preventable();
      this.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return record('app.quit prevented');
      for (const win of BrowserWindow.open()) win.destroy();
      const willQuit = preventable();
      this.emit('will-quit', willQuit);
      if (willQuit.defaultPrevented) return record('app.quit prevented');
      this.emit('quit', preventable(), 0);
      exit(0);
    });
  }
}

function exit(code: number): void {
  record('process.exit', [code]);
  send({ type: 'journal', entry: { seq: ++seq, call: 'end', args: [], target: null, afterReady: ready } }, () => process.exit(code));
}

export const app = new FakeApp();

// ——— protocol, session, screen, dialog, ipcMain ———

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    record('protocol.registerSchemesAsPrivileged', [schemes]);
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    record('protocol.handle', [scheme, handler]);
    requireReady('protocol.handle');
    if (protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
};

async function serve(url: string, method = 'GET'): Promise<FetchAnswer> {
  const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
  if (!handler) return { status: -1, headers: {}, body: 'ERR_UNKNOWN_URL_SCHEME' };
  const response = await handler(new Request(url, { method }));
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

const defaultSession = {
  setPermissionRequestHandler: (handler: unknown): void => record('session.setPermissionRequestHandler', [handler]),
  setPermissionCheckHandler: (handler: unknown): void => record('session.setPermissionCheckHandler', [handler]),
  webRequest: { onHeadersReceived: (listener: unknown): void => record('session.webRequest.onHeadersReceived', [listener]) },
};

export const session = {
  get defaultSession(): typeof defaultSession {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

export const screen = {
  getDisplayNearestPoint(point: { x: number; y: number }): { workArea: { x: number; y: number; width: number; height: number } } {
    record('screen.getDisplayNearestPoint', [point]);
    requireReady('screen');
    return { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
  },
};

export const dialog = {
  showErrorBox: (title: string, content: string): void => record('dialog.showErrorBox', [title, content]),
  async showSaveDialog(options: unknown): Promise<{ canceled: boolean; filePath: string }> {
    record('dialog.showSaveDialog', [options]);
    return { canceled: true, filePath: '' };
  },
};

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const ipcHandlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    record('ipcMain.handle', [channel]);
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    record('ipcMain.removeHandler', [channel]);
    ipcHandlers.delete(channel);
  },
};

// ——— windows ———

class FakeWebContents extends FakeObject {
  private destroyed = false;
  constructor() {
    super('webContents');
  }
  /** Run events are journalled by type only: a run sends many. */
  send(channel: string, payload: unknown): void {
    const type = typeof payload === 'object' && payload !== null && 'type' in payload ? payload.type : null;
    record('webContents.send', [channel, { type }], this.id);
  }
  setWindowOpenHandler(handler: unknown): void {
    record('webContents.setWindowOpenHandler', [handler], this.id);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class BrowserWindow extends FakeObject {
  private static readonly all = new Set<BrowserWindow>();
  static open(): BrowserWindow[] {
    return [...BrowserWindow.all];
  }
  readonly webContents: FakeWebContents;
  private visible = false;
  private destroyed = false;
  private readonly size: [number, number];
  constructor(options: { width?: number; height?: number }) {
    requireReady('new BrowserWindow');
    super('BrowserWindow');
    record('new BrowserWindow', [options], this.id);
    this.size = [options.width ?? 800, options.height ?? 600];
    BrowserWindow.all.add(this);
    this.webContents = new FakeWebContents();
    app.emit('web-contents-created', preventable(), this.webContents);
  }
  /** Rejects, as Electron does, when the page is not served (unknown scheme, 404). */
  async loadURL(url: string): Promise<void> {
    record('BrowserWindow.loadURL', [url], this.id);
    const page = await serve(url);
    record('page', [{ url, status: page.status, contentType: page.headers['content-type'] ?? null }], this.id);
    if (page.status !== 200) throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
    setImmediate(() => this.emit('ready-to-show'));
  }
  show(): void {
    record('BrowserWindow.show', [], this.id);
    this.visible = true;
  }
  hide(): void {
    record('BrowserWindow.hide', [], this.id);
    this.visible = false;
  }
  focus(): void {
    record('BrowserWindow.focus', [], this.id);
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getSize(): number[] {
    return [...this.size];
  }
  setPosition(x: number, y: number): void {
    record('BrowserWindow.setPosition', [x, y], this.id);
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    BrowserWindow.all.delete(this);
    this.emit('closed');
  }
}

// ——— tray, menus, images, notifications, theme ———

class FakeNativeImage {
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return !existsSync(this.path);
  }
  setTemplateImage(flag: boolean): void {
    record('nativeImage.setTemplateImage', [this.path, flag]);
  }
}

export const nativeImage = {
  createFromPath(path: string): FakeNativeImage {
    record('nativeImage.createFromPath', [path]);
    return new FakeNativeImage(path);
  },
};

export class Tray extends FakeObject {
  constructor(image: unknown) {
    requireReady('new Tray');
    super('Tray');
    record('new Tray', [image], this.id);
  }
  setImage(image: unknown): void {
    record('Tray.setImage', [image], this.id);
  }
  setToolTip(text: string): void {
    record('Tray.setToolTip', [text], this.id);
  }
  setTitle(title: string): void {
    record('Tray.setTitle', [title], this.id);
  }
  setContextMenu(menu: unknown): void {
    record('Tray.setContextMenu', [menu], this.id);
  }
  popUpContextMenu(menu?: unknown): void {
    record('Tray.popUpContextMenu', [menu ?? null], this.id);
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 1000, y: 0, width: 22, height: 22 };
  }
  destroy(): void {
    record('Tray.destroy', [], this.id);
  }
}

interface MenuItem {
  label?: string;
  click?: () => void;
}

class FakeMenu extends FakeObject {
  constructor(readonly items: MenuItem[]) {
    super('Menu');
  }
}

export const Menu = {
  buildFromTemplate(items: MenuItem[]): FakeMenu {
    const menu = new FakeMenu(items);
    record('Menu.buildFromTemplate', [items], menu.id);
    return menu;
  },
};

export class Notification extends FakeObject {
  static isSupported(): boolean {
    record('Notification.isSupported');
    return process.env.FAKE_ELECTRON_NOTIFICATIONS !== 'unsupported';
  }
  constructor(options: unknown) {
    requireReady('new Notification');
    super('Notification');
    record('new Notification', [options], this.id);
  }
  show(): void {
    record('Notification.show', [], this.id);
  }
  close(): void {
    record('Notification.close', [], this.id);
  }
}

class FakeNativeTheme extends FakeObject {
  constructor() {
    super('nativeTheme');
  }
  get shouldUseDarkColors(): boolean {
    return process.env.FAKE_ELECTRON_DARK === '1';
  }
  get shouldUseDarkColorsForSystemIntegratedUI(): boolean {
    return process.env.FAKE_ELECTRON_DARK === '1';
  }
}

export const nativeTheme = new FakeNativeTheme();

// ——— utilityProcess ———

const PARENT_PORT_SHIM = fileURLToPath(new URL('./parent-port.js', import.meta.url));

/**
 * Electron's UtilityProcess on a real Node process: `postMessage` and the `message` event carry the data
 * itself; the child gets `process.parentPort` (parent-port.ts) and no `process.send`, as in Electron.
 */
class FakeUtilityProcess extends FakeObject {
  private readonly child;
  constructor(modulePath: string, args: string[], options: { stdio?: string; serviceName?: string }) {
    super('UtilityProcess');
    record('utilityProcess.fork', [modulePath, args, options], this.id);
    this.child = fork(modulePath, args, { execArgv: ['--import', PARENT_PORT_SHIM], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child.on('spawn', () => {
      record('UtilityProcess spawn', [this.child.pid ?? null], this.id);
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code) => {
      record('UtilityProcess exit', [code], this.id);
      this.emit('exit', code ?? 1);
    });
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  get stdout(): NodeJS.ReadableStream | null {
    return this.child.stdout;
  }
  get stderr(): NodeJS.ReadableStream | null {
    return this.child.stderr;
  }
  postMessage(message: unknown): void {
    record('UtilityProcess.postMessage', [message], this.id);
    if (this.child.connected) this.child.send(message as object);
  }
  kill(): boolean {
    record('UtilityProcess.kill', [], this.id);
    return this.child.kill();
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: { stdio?: string; serviceName?: string } = {}): FakeUtilityProcess {
    requireReady('utilityProcess.fork');
    return new FakeUtilityProcess(modulePath, args, options);
  },
};


/** safeStorage: a reversible stand-in for the OS keychain (marks the text so a test can tell it was "encrypted"). */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => true,
  getSelectedStorageBackend: (): string => 'gnome_libsecret',
  encryptString: (text: string): Buffer => Buffer.from(`fake-keychain:${Buffer.from(text, 'utf8').reverse().toString('base64')}`, 'utf8'),
  decryptString: (data: Buffer): string => Buffer.from(data.toString('utf8').replace(/^fake-keychain:/, ''), 'base64').reverse().toString('utf8'),
};

export default { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, protocol, safeStorage, screen, session, Tray, utilityProcess };

// ——— the test's commands ———

function only<T extends FakeObject>(ctor: abstract new (...args: never[]) => T, id: number | undefined, name: string): T {
  const found = [...objects.values()].filter((o): o is T => o instanceof ctor && (id === undefined || o.id === id));
  if (found.length !== 1) throw new Error(`${found.length} ${name} object(s) match id ${String(id)}`);
  return found[0]!;
}

function emitter(target: FakeTarget, id: number | undefined): EventEmitter {
  switch (target) {
    case 'app':
      return app;
    case 'nativeTheme':
      return nativeTheme;
    case 'tray':
      return only(Tray, id, 'Tray');
    case 'window':
      return only(BrowserWindow, id, 'BrowserWindow');
    case 'webContents':
      return only(FakeWebContents, id, 'webContents');
    case 'notification':
      return only(Notification, id, 'Notification');
  }
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'invoke': {
      const handler = ipcHandlers.get(command.channel);
      if (!handler) throw new Error(`No handler registered for '${command.channel}'`);
      return handler({ senderFrame: { url: command.frameUrl, parent: null } }, ...command.args);
    }
    case 'fetch':
      return serve(command.url, command.method);
    case 'emit': {
      const event = preventable();
      const target = emitter(command.target, command.id);
      const listeners = target.listenerCount(command.event);
      target.emit(command.event, event);
      return { listeners, prevented: event.defaultPrevented };
    }
    case 'menu-click': {
      const item = only(FakeMenu, command.id, 'Menu').items.find((i) => i.label === command.label);
      if (!item?.click) throw new Error(`menu ${command.id} has no clickable item ${command.label}`);
      item.click();
      return null;
    }
  }
}

process.on('message', (message: CommandMessage) => {
  run(message.command).then(
    (result) => send({ type: 'reply', id: message.id, ok: true, result: result ?? null }),
    (err: unknown) => send({ type: 'reply', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
// The test is gone: nothing is left to drive or watch this app.
process.on('disconnect', () => process.exit(0));
// Electron logs these and keeps running; the journal lets the test fail on them.
process.on('unhandledRejection', (reason) => record('process.unhandledRejection', [String(reason)]));
process.on('uncaughtException', (err) => record('process.uncaughtException', [String(err.stack ?? err)]));

// Electron emits `ready` after the main script has run (its synchronous part).
setImmediate(() => {
  if (quitRequested) return;
  ready = true;
  record('ready');
  markReady();
  app.emit('ready', preventable(), {});
});
