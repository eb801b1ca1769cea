// The Electron composition root, and the only main-process file that imports 'electron' at runtime:
// single-instance lock, app:// protocol, hardened windows, IPC, tray (or a normal window where there
// is no tray), run notifications, launch at login. Settings and runs live in the user-data folder.
// Launch: `npm start` where Electron runs; test/app/boot.test.ts boots the built file with a fake Electron.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  Tray,
  utilityProcess,
  type NativeImage,
} from 'electron';
import type { ReportFormat } from '../../common/api.js';
import { noticeFacts, runNotifier, type RunNotice } from '../../common/run-notice.js';
import { ApiKeyStore, safeStorageCipher } from './api-key-store.js';
import { forwardRunEvents, registerIpcHandlers } from './ipc.js';
import { LaunchAtLogin, launchAtLoginPreference } from './login-item.js';
import { appProtocolResponse, APP_SCHEME_PRIVILEGES, enforceAppCsp } from './protocol.js';
import { rendererDir } from './renderer-dir.js';
import { createAppService, type AppService, type RenderedReport } from './service.js';
import { isDarkBar, trayIconFile } from './tray-icons.js';
import { TrayController, trayIsAvailable, type PanelLike, type TrayState } from './tray.js';
import type { SpawnServerChild } from '../serve/server-process.js';
import { createAppWindow, denyAllPermissions, hardenWebContents, runPageUrl, windowPageUrl, windowUrl, type WindowKind } from './window.js';

const PRELOAD = fileURLToPath(new URL('../../preload/preload.cjs', import.meta.url));
const TRAY_ICONS = join(app.getAppPath(), 'build', 'tray');
/** electron-builder.yml's appId: Windows shows the toasts of the id the installed shortcut carries. */
const APP_USER_MODEL_ID = 'dev.tokenbench.app';
const warn = (line: string): void => console.warn(`tokenbench: ${line}`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // macOS: a menu-bar app, no Dock icon (LSUIElement is also set in the packaged Info.plist).
  if (process.platform === 'darwin') app.dock?.hide();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  void app.whenReady().then(start);
}

function start(): void {
  const ui = rendererDir();
  protocol.handle('app', (request) => appProtocolResponse(request.url, request.method, ui));
  denyAllPermissions(session.defaultSession);
  enforceAppCsp(session.defaultSession.webRequest);

  const service = createAppService({
    runsDir: join(app.getPath('userData'), 'runs'),
    settingsFile: join(app.getPath('userData'), 'settings.json'),
    saveReport: saveWithDialog,
    onWarning: warn,
    spawnServer: spawnUtilityProcess,
    // The API key of a server behind auth: encrypted by the OS keychain, never in settings.json.
    apiKeys: new ApiKeyStore(join(app.getPath('userData'), 'api-key'), safeStorageCipher(safeStorage, process.platform)),
  });
  const launchAtLogin = new LaunchAtLogin(process.platform, (settings) => app.setLoginItemSettings(settings));
  void service.getSettings().then((settings) => launchAtLogin.follow(launchAtLoginPreference(settings)));
  const windows = new Set<BrowserWindow>();
  const openWindow = (kind: WindowKind, url = windowUrl(kind)): BrowserWindow => {
    const win = createAppWindow(BrowserWindow, kind, PRELOAD);
    windows.add(win);
    win.on('closed', () => windows.delete(win));
    if (kind === 'dashboard') win.once('ready-to-show', () => win.show());
    void win.loadURL(url);
    return win;
  };
  const asPanel = (win: BrowserWindow): PanelLike => win;
  let dashboard: BrowserWindow | null = null;
  /** Shows the dashboard window (made on first use), at `page` when given. */
  const openDashboard = (page?: string): void => {
    if (dashboard && !dashboard.isDestroyed()) {
      if (page) void dashboard.loadURL(page);
      dashboard.show();
      dashboard.focus();
      return;
    }
    dashboard = openWindow('dashboard', page);
  };

  const trayImage = (state: TrayState): NativeImage => {
    const { file, template } = trayIconFile(state, process.platform, isDarkBar(process.platform, nativeTheme));
    const image = nativeImage.createFromPath(join(TRAY_ICONS, file));
    image.setTemplateImage(template);
    return image;
  };
  let popover: BrowserWindow | null = null;
  const tray = new TrayController({
    platform: process.platform,
    trayAvailable: trayIsAvailable(process.platform, process.env),
    createTray: (icon) => new Tray(icon),
    trayIcon: trayImage,
    createPopover: () => asPanel((popover = openWindow('popover'))),
    createWindow: () => asPanel(openWindow('dashboard')),
    screen,
    buildMenu: (items) => Menu.buildFromTemplate(items),
    actions: {
      run: () => void service.startRun().catch((err: unknown) => dialog.showErrorBox('Tokenbench', String(err instanceof Error ? err.message : err))),
      cancel: () => {
        const id = service.activeRunId();
        if (id) void service.cancelRun(id);
      },
      openDashboard: () => openDashboard(),
      quit: () => app.quit(),
    },
  });
  tray.start();

  // The service plus what only the desktop edge does: launch at login follows saved settings; the popover
  // opens full pages in the dashboard window and hides on Escape.
  const desktopService: AppService = {
    ...service,
    async saveSettings(settings) {
      const saved = await service.saveSettings(settings);
      launchAtLogin.follow(launchAtLoginPreference(saved));
      return saved;
    },
    async openWindow(page) {
      openDashboard(windowPageUrl(page));
      return true;
    },
    async hidePopover() {
      if (!popover || popover.isDestroyed() || !popover.isVisible()) return false;
      popover.hide();
      return true;
    },
  };
  registerIpcHandlers(ipcMain, desktopService, { onRejected: (channel, reason) => warn(`${channel} ${reason}`) });
  service.onRunEvent((event) => tray.onRunEvent(event));
  nativeTheme.on('updated', () => tray.refreshIcon());

  // Electron drops a notification's click handler once nothing references the notification.
  const notifications = new Set<Notification>();
  const showNotice = (notice: RunNotice): void => {
    const notification = new Notification({ title: notice.title, body: notice.body });
    notifications.add(notification);
    notification.on('close', () => notifications.delete(notification));
    notification.on('click', () => {
      notifications.delete(notification);
      openDashboard(runPageUrl(notice.runId));
    });
    notification.show();
  };
  const notify = runNotifier({
    isSupported: () => Notification.isSupported(),
    facts: async (runId) => noticeFacts(await service.getRun(runId)),
    show: showNotice,
    warn,
  });
  service.onRunEvent((event) => void notify(event));
  forwardRunEvents(service, () => [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents));

  app.on('second-instance', () => (tray.mode === 'tray' ? tray.toggle() : openDashboard()));
  // A menu-bar app keeps running with no window open; the fallback window's app quits with it.
  app.on('window-all-closed', () => {
    if (tray.mode === 'window') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || service.activeRunId() === null) return;
    // Let the run record its cancelled requests and close its folder before the process ends.
    event.preventDefault();
    closing = true;
    void service.close().finally(() => app.quit());
  });
}

/** The end of the engine's stderr kept to explain an early exit. */
const STDERR_TAIL_CHARS = 2_000;

/**
 * The built-in engine's process in the app: Electron's utilityProcess (a Node process Electron manages;
 * the packed app cannot run itself as plain Node, its RunAsNode fuse is off). The child speaks through
 * `process.parentPort` (main/serve/server-child.ts).
 */
const spawnUtilityProcess: SpawnServerChild = (entry) => {
  const child = utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Tokenbench built-in engine' });
  let tail = '';
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    tail = (tail + d).slice(-STDERR_TAIL_CHARS);
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code, tail)),
    kill: () => {
      child.kill();
    },
  };
};

async function saveWithDialog(_runId: string, format: ReportFormat, render: () => Promise<RenderedReport>): Promise<string | null> {
  const report = await render();
  const choice = await dialog.showSaveDialog({
    title: 'Save report',
    defaultPath: join(app.getPath('documents'), report.fileName),
    filters: [{ name: format.toUpperCase(), extensions: [report.fileName.split('.').pop() ?? format] }],
  });
  if (choice.canceled || !choice.filePath) return null;
  await writeFile(choice.filePath, report.body, 'utf8');
  return choice.filePath;
}
