// The Electron composition root, and the only main-process file that imports 'electron' at runtime:
// single-instance lock, app:// protocol, hardened windows, IPC, tray (or a normal window where there
// is no tray). Settings and runs live in the user-data folder. Launch: `npm start` where Electron runs.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, protocol, screen, session, Tray } from 'electron';
import type { ReportFormat } from '../../common/api.js';
import { forwardRunEvents, registerIpcHandlers } from './ipc.js';
import { appProtocolResponse, APP_SCHEME_PRIVILEGES, enforceAppCsp } from './protocol.js';
import { rendererDir } from './renderer-dir.js';
import { createAppService, type RenderedReport } from './service.js';
import { TrayController, trayIsAvailable, type PanelLike } from './tray.js';
import { createAppWindow, denyAllPermissions, hardenWebContents, windowUrl, type WindowKind } from './window.js';

const PRELOAD = fileURLToPath(new URL('../../preload/preload.cjs', import.meta.url));
const TRAY_ICON = join(app.getAppPath(), 'build', 'tray', 'trayTemplate.png');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // macOS: a menu-bar app, no Dock icon (LSUIElement is also set in the packaged Info.plist).
  if (process.platform === 'darwin') app.dock?.hide();
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
    onWarning: (line) => console.warn(`tokenbench: ${line}`),
  });
  registerIpcHandlers(ipcMain, service, { onRejected: (channel, reason) => console.warn(`tokenbench: ${channel} ${reason}`) });

  const windows = new Set<BrowserWindow>();
  const openWindow = (kind: WindowKind): BrowserWindow => {
    const win = createAppWindow(BrowserWindow, kind, PRELOAD);
    windows.add(win);
    win.on('closed', () => windows.delete(win));
    if (kind === 'dashboard') win.once('ready-to-show', () => win.show());
    void win.loadURL(windowUrl(kind));
    return win;
  };
  const asPanel = (win: BrowserWindow): PanelLike => win;
  let dashboard: BrowserWindow | null = null;
  const openDashboard = (): void => {
    if (dashboard && !dashboard.isDestroyed()) {
      dashboard.show();
      dashboard.focus();
      return;
    }
    dashboard = openWindow('dashboard');
  };

  const tray = new TrayController({
    platform: process.platform,
    trayAvailable: trayIsAvailable(process.platform, process.env),
    createTray: () => {
      const icon = nativeImage.createFromPath(TRAY_ICON);
      icon.setTemplateImage(true);
      return new Tray(icon);
    },
    createPopover: () => asPanel(openWindow('popover')),
    createWindow: () => asPanel(openWindow('dashboard')),
    screen,
    buildMenu: (items) => Menu.buildFromTemplate(items),
    actions: {
      run: () => void service.startRun().catch((err: unknown) => dialog.showErrorBox('Tokenbench', String(err instanceof Error ? err.message : err))),
      cancel: () => {
        const id = service.activeRunId();
        if (id) void service.cancelRun(id);
      },
      openDashboard,
      quit: () => app.quit(),
    },
  });
  tray.start();
  service.onRunEvent((event) => tray.onRunEvent(event));
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
