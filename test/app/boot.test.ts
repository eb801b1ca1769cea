// The composition root boots: the BUILT app (package.json's `main`, dist/main/app/main.js) runs in its own
// Node process with `electron` resolved to a recording fake (test/support/fake-electron), and the test
// follows the real wiring — lock, protocol, IPC, tray, hardened popover, pages served from dist/renderer,
// runs through the IPC handlers, notifications, quitting during a run. Electron itself cannot run here,
// so what the fake cannot show (real rendering, the OS tray and notification centre) is not proven.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_VERBS } from '../../common/api-verbs.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { APP_ORIGIN, verbChannel } from '../../main/app/channels.js';
import { APP_CSP, APP_SCHEME_PRIVILEGES } from '../../main/app/protocol.js';
import { windowUrl } from '../../main/app/window.js';
import { openRunFolder } from '../../main/store/run-reader.js';
import { bootApp, calls, failures, REPO_ROOT, type BootedApp } from '../support/fake-electron/boot-app.js';
import type { FetchAnswer, JournalEntry } from '../support/fake-electron/messages.js';
import { DEFAULT_MODEL, startScriptedServer, type ScriptedServer } from '../support/scripted-server.js';
import { quickSettings } from './app-fixtures.js';
import { emptyMachine, isAlive } from '../support/empty-machine.js';
import { AUTO_SERVER_URL } from '../../common/settings.js';
import { DEMO_MODEL_NOTE } from '../../common/demo-model.js';

const APP_PAGE = `${APP_ORIGIN}/app.html#/popover`;
const PRELOAD = join(REPO_ROOT, 'dist', 'preload', 'preload.cjs');
const TRAY_DIR = join(REPO_ROOT, 'build', 'tray');

let booted: BootedApp | null = null;
let server: ScriptedServer | null = null;
let userData = '';

beforeAll(() => {
  // The preload bundle is part of `npm run build:app`, not of `npm run build`: made here so the boot
  // has it whichever build ran (tsc's dist/main and dist/renderer must exist; bootApp says so if not).
  execFileSync(process.execPath, ['scripts/build-preload.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

afterEach(async () => {
  booted?.kill();
  await booted?.exited;
  booted = null;
  await server?.close();
  server = null;
  rmSync(userData, { recursive: true, force: true });
});

function boot(options: { platform?: NodeJS.Platform; env?: Record<string, string>; settings?: object } = {}): BootedApp {
  userData = mkdtempSync(join(tmpdir(), 'tokenbench-boot-'));
  const { settings, ...rest } = options;
  if (settings) writeFileSync(join(userData, 'settings.json'), JSON.stringify(settings));
  booted = bootApp({ userData, ...rest });
  return booted;
}

const first = (journal: JournalEntry[], call: string): JournalEntry => {
  const found = journal.find((e) => e.call === call);
  if (!found) throw new Error(`no ${call} in the journal: ${journal.map((e) => e.call).join(', ')}`);
  return found;
};
const windowOptions = (entry: JournalEntry) => entry.args[0] as { webPreferences: Record<string, unknown>; frame?: boolean };

/** Clicks a tray menu item the way a user does: right-click the icon, click the item. */
async function clickTrayMenu(app: BootedApp, label: string): Promise<void> {
  const popups = calls(app.journal, 'Tray.popUpContextMenu').length;
  await app.send({ cmd: 'emit', target: 'tray', event: 'right-click' });
  const popup = await app.waitFor((e) => e.call === 'Tray.popUpContextMenu' && calls(app.journal, e.call).indexOf(e) === popups, 'the tray menu');
  await app.send({ cmd: 'menu-click', id: (popup.args[0] as { fake: number }).fake, label });
}

describe('the built desktop app boots with a fake Electron', () => {
  it('wires lock, app:// scheme, IPC, tray and the hardened popover in Electron order', async () => {
    const app = boot({ env: { TOKENBENCH_TRAY: '1' } });
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    const { journal } = app;
    const seqOf = (call: string): number => first(journal, call).seq;

    expect(seqOf('app.requestSingleInstanceLock')).toBeLessThan(seqOf('ready'));
    const schemes = first(journal, 'protocol.registerSchemesAsPrivileged');
    expect(schemes).toMatchObject({ afterReady: false, args: [[APP_SCHEME_PRIVILEGES]] });
    expect(first(journal, 'protocol.handle')).toMatchObject({ afterReady: true, args: ['app', '[function]'] });
    for (const call of ['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'session.webRequest.onHeadersReceived']) {
      expect(first(journal, call).afterReady, call).toBe(true);
    }
    // One handler per verb of the contract, nothing else.
    expect(calls(journal, 'ipcMain.handle').map((e) => e.args[0]).sort()).toEqual(API_VERBS.map((v) => verbChannel(v)).sort());

    // Linux with a light panel: the 22 px black idle icon (and its @2x), files that exist.
    const icon = (first(journal, 'new Tray').args[0] as { image: string }).image;
    expect(icon).toBe(join(TRAY_DIR, 'idle-22-black.png'));
    expect(existsSync(icon) && existsSync(icon.replace('.png', '@2x.png'))).toBe(true);
    expect(first(journal, 'nativeImage.setTemplateImage').args).toEqual([icon, false]);

    // The popover: frameless, hardened, with the built preload.
    const popover = first(journal, 'new BrowserWindow');
    expect(windowOptions(popover).frame).toBe(false);
    expect(windowOptions(popover).webPreferences).toMatchObject({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(existsSync(PRELOAD)).toBe(true);
    expect(first(journal, 'BrowserWindow.loadURL')).toMatchObject({ target: popover.target, args: [windowUrl('popover')] });
    expect(first(journal, 'page').args).toEqual([{ url: APP_PAGE, status: 200, contentType: 'text/html; charset=utf-8' }]);

    // Every web contents is hardened as it is created.
    const contents = first(journal, 'webContents.setWindowOpenHandler').target!;
    expect(await app.send({ cmd: 'emit', target: 'webContents', id: contents, event: 'will-navigate' })).toEqual({ listeners: 1, prevented: true });
    // Electron has no login items on Linux: the launch-at-login preference is not applied there.
    expect(calls(journal, 'app.setLoginItemSettings')).toEqual([]);
    expect(failures(journal)).toEqual([]);
  });

  it('app:// serves the built renderer: the page, its script and style, with the CSP', async () => {
    const app = boot({ env: { TOKENBENCH_TRAY: '1' } });
    await app.waitFor((e) => e.call === 'protocol.handle', 'the protocol handler');
    const page = await app.send<FetchAnswer>({ cmd: 'fetch', url: APP_PAGE });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(APP_CSP);
    expect(page.body).toBe(readFileSync(join(REPO_ROOT, 'dist', 'renderer', 'app.html'), 'utf8'));
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual(['app.css', 'app.js']);
    for (const asset of assets) {
      const served = await app.send<FetchAnswer>({ cmd: 'fetch', url: `${APP_ORIGIN}/${asset}` });
      expect(served.status, asset).toBe(200);
      expect(served.body, asset).toBe(readFileSync(join(REPO_ROOT, 'dist', 'renderer', asset), 'utf8'));
    }
    expect((await app.send<FetchAnswer>({ cmd: 'fetch', url: `${APP_ORIGIN}/../package.json` })).status).toBe(404);
  });

  it('a run started through IPC shows in the tray; quitting mid-run cancels it and closes its folder', async () => {
    server = await startScriptedServer({ slots: 1, tokens: 5_000, tokenIntervalMs: 10 });
    const app = boot({ env: { TOKENBENCH_TRAY: '1' } });
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    const saved = await app.send({ cmd: 'invoke', channel: verbChannel('saveSettings'), frameUrl: APP_PAGE, args: [quickSettings(server.url, [1])] });
    expect(saved).toMatchObject({ ok: true });
    const started = await app.send<{ ok: boolean; result: { runId: string } }>({ cmd: 'invoke', channel: verbChannel('startRun'), frameUrl: APP_PAGE, args: [] });
    expect(started.ok).toBe(true);
    const { runId } = started.result;

    const running = join(TRAY_DIR, 'running-22-black.png');
    await app.waitFor((e) => e.call === 'Tray.setImage' && (e.args[0] as { image: string }).image === running, 'the running icon');
    await app.waitFor((e) => e.call === 'webContents.send' && (e.args[1] as { type: string }).type === 'phase', 'run events sent to the popover');

    await clickTrayMenu(app, 'Quit');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    // before-quit was held once, while the run closed its folder; the second quit went through.
    expect(calls(app.journal, 'app.quit')).toHaveLength(2);
    expect(calls(app.journal, 'app.quit prevented')).toHaveLength(1);
    const run = await openRunFolder(join(userData, 'runs', runId));
    expect(run.manifest.status).toBe('cancelled');
    expect(run.manifest.endedAt).not.toBeNull();
    expect(existsSync(join(userData, 'runs', runId, 'run.lock'))).toBe(false);
    // A cancelled run does not call back, and the tray went back to idle.
    expect(calls(app.journal, 'new Notification')).toEqual([]);
    expect((calls(app.journal, 'Tray.setImage').at(-1)!.args[0] as { image: string }).image).toBe(join(TRAY_DIR, 'idle-22-black.png'));
    expect(failures(app.journal)).toEqual([]);
  }, 60_000);

  it('a completed run calls back; a click on the notification opens its page in the dashboard', async () => {
    server = await startScriptedServer({ slots: 1, tokens: 8, tokenIntervalMs: 2 });
    const app = boot({ env: { TOKENBENCH_TRAY: '1' } });
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    await app.send({ cmd: 'invoke', channel: verbChannel('saveSettings'), frameUrl: APP_PAGE, args: [quickSettings(server.url, [1])] });
    const started = await app.send<{ result: { runId: string } }>({ cmd: 'invoke', channel: verbChannel('startRun'), frameUrl: APP_PAGE, args: [] });
    const { runId } = started.result;

    const shown = await app.waitFor((e) => e.call === 'Notification.show', 'the notification', 30_000);
    const made = app.journal.find((e) => e.call === 'new Notification' && e.target === shown.target)!;
    expect(made.args[0]).toEqual({ title: `Run completed — ${DEFAULT_MODEL.name}`, body: expect.stringMatching(/^1 parallel · TTFT p95 \d+\.\d\d s · \d+\.\d t\/s p5$/) });
    expect((calls(app.journal, 'Tray.setImage').at(-1)!.args[0] as { image: string }).image).toBe(join(TRAY_DIR, 'done-22-black.png'));

    await app.send({ cmd: 'emit', target: 'notification', id: shown.target!, event: 'click' });
    const runPage = `${APP_ORIGIN}/app.html#/runs/${runId}`;
    const page = await app.waitFor((e) => e.call === 'page' && (e.args[0] as { url: string }).url === runPage, "the run's page");
    expect(page.args[0]).toMatchObject({ status: 200 });
    const dashboard = app.journal.find((e) => e.call === 'new BrowserWindow' && e.target === page.target)!;
    expect(windowOptions(dashboard).webPreferences).toMatchObject({ preload: PRELOAD, sandbox: true, contextIsolation: true });
    await app.waitFor((e) => e.call === 'BrowserWindow.show' && e.target === page.target, 'the dashboard shown');

    // The run folder and its reports work from the built layout: the version from package.json, the HTML
    // report rendered (chart.js resolved) before the save dialog, which the fake cancels.
    const run = await openRunFolder(join(userData, 'runs', runId));
    expect(run.manifest.tool.version).toBe((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const report = await app.send({ cmd: 'invoke', channel: verbChannel('saveReport'), frameUrl: APP_PAGE, args: [runId, 'html'] });
    expect(report).toEqual({ ok: true, result: null });
    expect(first(app.journal, 'dialog.showSaveDialog').args[0]).toMatchObject({ defaultPath: join(userData, 'Documents', `${runId}.html`) });

    // Nothing runs: quitting is not held.
    await clickTrayMenu(app, 'Quit');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(calls(app.journal, 'app.quit prevented')).toEqual([]);
    expect(failures(app.journal)).toEqual([]);
  }, 60_000);

  it('the popover opens full pages in the dashboard window and hides on Escape (openWindow, hidePopover)', async () => {
    const app = boot({ env: { TOKENBENCH_TRAY: '1' } });
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    const popover = first(app.journal, 'new BrowserWindow').target;
    // Hidden popover: nothing to hide.
    expect(await app.send({ cmd: 'invoke', channel: verbChannel('hidePopover'), frameUrl: APP_PAGE, args: [] })).toEqual({ ok: true, result: false });
    await app.send({ cmd: 'emit', target: 'tray', event: 'click' });
    await app.waitFor((e) => e.call === 'BrowserWindow.show' && e.target === popover, 'the popover shown');
    expect(await app.send({ cmd: 'invoke', channel: verbChannel('hidePopover'), frameUrl: APP_PAGE, args: [] })).toEqual({ ok: true, result: true });
    expect(calls(app.journal, 'BrowserWindow.hide').map((e) => e.target)).toEqual([popover]);

    const opened = await app.send({ cmd: 'invoke', channel: verbChannel('openWindow'), frameUrl: APP_PAGE, args: [{ page: 'live', runId: 'run-1' }] });
    expect(opened).toEqual({ ok: true, result: true });
    const livePage = `${APP_ORIGIN}/app.html#/live/run-1`;
    const page = await app.waitFor((e) => e.call === 'page' && (e.args[0] as { url: string }).url === livePage, 'the live view');
    expect(page.target).not.toBe(popover);
    expect(windowOptions(app.journal.find((e) => e.call === 'new BrowserWindow' && e.target === page.target)!).frame).not.toBe(false);
    // The same dashboard window shows the next page asked for.
    await app.send({ cmd: 'invoke', channel: verbChannel('openWindow'), frameUrl: APP_PAGE, args: [{ page: 'playback', runId: 'run-1' }] });
    const playback = await app.waitFor((e) => e.call === 'page' && (e.args[0] as { url: string }).url === `${APP_ORIGIN}/playback.html?run=run-1`, 'playback');
    expect(playback.target).toBe(page.target);
    // A page outside the list is refused before main runs.
    expect(await app.send({ cmd: 'invoke', channel: verbChannel('openWindow'), frameUrl: APP_PAGE, args: [{ page: 'file', path: '/etc/passwd' }] })).toMatchObject({ ok: false });
    expect(failures(app.journal)).toEqual([]);
  });

  it('no server chosen and none answers: Run starts the built-in engine in a utilityProcess, on the demo model, and stops it', async () => {
    const app = boot({ env: { TOKENBENCH_TRAY: '1', ...emptyMachine() } });
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    await app.send({ cmd: 'invoke', channel: verbChannel('saveSettings'), frameUrl: APP_PAGE, args: [{ ...quickSettings(AUTO_SERVER_URL, [1, 2]), custom: { ...quickSettings(AUTO_SERVER_URL, [1, 2]).custom, maxTokens: 8 } }] });
    const started = await app.send<{ ok: boolean; result: { runId: string } }>({ cmd: 'invoke', channel: verbChannel('startRun'), frameUrl: APP_PAGE, args: [] });
    expect(started).toMatchObject({ ok: true });
    const fork = first(app.journal, 'utilityProcess.fork');
    expect(fork.args[0]).toBe(join(REPO_ROOT, 'dist', 'main', 'serve', 'server-child.js'));
    expect(fork.afterReady).toBe(true);

    const shown = await app.waitFor((e) => e.call === 'Notification.show', 'the notification', 60_000);
    const made = app.journal.find((e) => e.call === 'new Notification' && e.target === shown.target)!;
    expect(made.args[0]).toMatchObject({ title: 'Run completed — llama-2-tiny-random' });
    // The engine's process ends with the run.
    await app.waitFor((e) => e.call === 'UtilityProcess exit' && e.target === fork.target, 'the engine process to end', 20_000);
    const run = await openRunFolder(join(userData, 'runs', started.result.runId));
    expect(run.manifest.status).toBe('completed');
    expect(run.manifest.target.modelDetails).toMatchObject({ demo: true });
    expect(run.manifest.warnings).toEqual([DEMO_MODEL_NOTE]);
    const list = await app.send<{ result: Array<{ headline: string }> }>({ cmd: 'invoke', channel: verbChannel('listRuns'), frameUrl: APP_PAGE, args: [] });
    expect(list.result[0]!.headline).toMatch(/ · demo model$/);

    await clickTrayMenu(app, 'Quit');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(failures(app.journal)).toEqual([]);
  }, 120_000);

  it('the engine process dies with the app (kill -9 mid-run)', async () => {
    const app = boot({ env: emptyMachine() });
    await app.waitFor((e) => e.call === 'page', 'the first window');
    // A minute of sustained load: the run is going when the app is killed.
    const settings = quickSettings(AUTO_SERVER_URL, [4]);
    const sustained = { ...settings, custom: { ...settings.custom, mode: 'sustained' as const, durationMs: 60_000, maxTokens: 64 } };
    await app.send({ cmd: 'invoke', channel: verbChannel('saveSettings'), frameUrl: APP_PAGE, args: [sustained] });
    const started = await app.send<{ ok: boolean }>({ cmd: 'invoke', channel: verbChannel('startRun'), frameUrl: APP_PAGE, args: [] });
    expect(started).toMatchObject({ ok: true });
    const spawned = await app.waitFor((e) => e.call === 'UtilityProcess spawn', 'the engine process');
    await app.waitFor((e) => e.call === 'webContents.send' && (e.args[1] as { type: string }).type === 'requests', 'requests answered by the engine', 30_000);
    const pid = spawned.args[0] as number;
    expect(isAlive(pid)).toBe(true);
    app.kill();
    await app.exited;
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(pid)).toBe(false);
  }, 120_000);

  it('macOS: no Dock icon before ready; the tray icon is the black 16 px template', async () => {
    const app = boot({ platform: 'darwin' });
    await app.waitFor((e) => e.call === 'new Tray', 'the tray');
    expect(first(app.journal, 'app.dock.hide').afterReady).toBe(false);
    const icon = join(TRAY_DIR, 'idle-16-black.png');
    expect(first(app.journal, 'new Tray').args[0]).toEqual({ image: icon });
    expect(first(app.journal, 'nativeImage.setTemplateImage').args).toEqual([icon, true]);
    expect(existsSync(icon) && existsSync(icon.replace('.png', '@2x.png'))).toBe(true);
  });

  it('macOS: launch at login follows the saved settings, at start and when Setup saves a change', async () => {
    const app = boot({ platform: 'darwin', settings: { ...DEFAULT_SETTINGS, launchAtLogin: true } });
    const applied = await app.waitFor((e) => e.call === 'app.setLoginItemSettings', 'the login item');
    expect(applied.args).toEqual([{ openAtLogin: true }]);
    expect(applied.afterReady).toBe(true);
    await app.waitFor((e) => e.call === 'page', 'the popover page');
    const saved = await app.send({ cmd: 'invoke', channel: verbChannel('saveSettings'), frameUrl: APP_PAGE, args: [{ ...DEFAULT_SETTINGS, launchAtLogin: false }] });
    expect(saved).toMatchObject({ ok: true });
    expect(calls(app.journal, 'app.setLoginItemSettings').map((e) => e.args)).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
    expect(failures(app.journal)).toEqual([]);
  });

  it("Windows: toasts under electron-builder's appId; the icon follows the taskbar's colour", async () => {
    const app = boot({ platform: 'win32', env: { FAKE_ELECTRON_DARK: '1' } });
    await app.waitFor((e) => e.call === 'new Tray', 'the tray');
    const appId = /^appId: (\S+)$/m.exec(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8'))![1];
    expect(first(app.journal, 'app.setAppUserModelId').args).toEqual([appId]);
    const icon = join(TRAY_DIR, 'idle-16-white.png');
    expect(first(app.journal, 'new Tray').args[0]).toEqual({ image: icon });
    await app.send({ cmd: 'emit', target: 'nativeTheme', event: 'updated' });
    expect(calls(app.journal, 'Tray.setImage').map((e) => e.args[0])).toEqual([{ image: icon }]);
  });

  it('where there is no tray, a normal window; closing it quits', async () => {
    const app = boot({ env: { TOKENBENCH_TRAY: '0' } });
    const shown = await app.waitFor((e) => e.call === 'BrowserWindow.show', 'the window shown');
    expect(calls(app.journal, 'new Tray')).toEqual([]);
    expect(first(app.journal, 'BrowserWindow.loadURL').args).toEqual([windowUrl('dashboard')]);
    await app.send({ cmd: 'emit', target: 'app', event: 'window-all-closed' });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(shown.target).toBe(first(app.journal, 'new BrowserWindow').target);
  });

  it('a second instance quits at once and registers nothing', async () => {
    const app = boot({ env: { FAKE_ELECTRON_SECOND_INSTANCE: '1' } });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.journal.map((e) => e.call)).toEqual(['app.getAppPath', 'app.requestSingleInstanceLock', 'app.quit', 'process.exit', 'end']);
  });
});

describe('the built preload', () => {
  it('needs only electron, and exposes every verb of the contract as window.tokenbench', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => void exposed.set(name, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: 'answer' }),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    // A sandboxed preload gets a require that knows `electron` (and a few Node built-ins we do not use).
    const required: string[] = [];
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(PRELOAD, 'utf8'), { require: sandboxRequire, module, exports: module.exports });
    expect(required).toEqual(['electron']);
    const api = exposed.get('tokenbench')!;
    expect(Object.keys(api).sort()).toEqual([...API_VERBS, 'onRunEvent'].sort());
    await expect((api.getSettings as () => Promise<unknown>)()).resolves.toBe('answer');
    expect(invoked).toEqual([[verbChannel('getSettings')]]);
  });
});
