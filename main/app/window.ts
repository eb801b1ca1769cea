// Hardened windows (Electron's security checklist): the options every app window is created with, and
// the handlers that deny navigation, new windows, webviews and permission requests.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { windowPageAddress, type WindowPage } from '../../common/app-routes.js';
import { APP_ORIGIN } from './channels.js';

export const POPOVER_SIZE = { width: 380, height: 560 };
export const DASHBOARD_SIZE = { width: 1180, height: 820 };

export type WindowKind = 'popover' | 'dashboard';

/** Size and chrome of each window kind (everything but webPreferences). */
export function windowChrome(kind: WindowKind): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = { show: false, title: 'Tokenbench', backgroundColor: '#1e1e1e' };
  if (kind === 'popover') {
    // A frameless panel under the tray icon that hides when it loses focus, like a native menu-bar popover.
    return {
      ...common,
      ...POPOVER_SIZE,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
    };
  }
  return { ...common, ...DASHBOARD_SIZE, minWidth: 720, minHeight: 520 };
}

export type BrowserWindowCtor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * The one place app windows are created, so every window gets the same hardened web preferences. They
 * are written out at the constructor call (not built elsewhere) so electronegativity can see them.
 */
export function createAppWindow<W>(BrowserWindow: BrowserWindowCtor<W>, kind: WindowKind, preloadPath: string): W {
  return new BrowserWindow({
    ...windowChrome(kind),
    webPreferences: {
      // Reviewed: the preload only exposes createPreloadApi's typed invoke bridge, never ipcRenderer itself.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The page a window of this kind shows (the renderer's hash routes). */
export function windowUrl(kind: WindowKind): string {
  return `${APP_ORIGIN}/app.html#/${kind === 'popover' ? 'popover' : 'history'}`;
}

/** A page the popover opens in the dashboard window (common/app-routes.ts). */
export function windowPageUrl(page: WindowPage): string {
  const { file, query, hash } = windowPageAddress(page);
  const search = new URLSearchParams(query).toString();
  return `${APP_ORIGIN}/${file}${search ? `?${search}` : ''}${hash}`;
}

/** The dashboard page of one run: the renderer's `#/runs/<id>` route. */
export function runPageUrl(runId: string): string {
  return windowPageUrl({ page: 'run', runId });
}

type Preventable = { preventDefault(): void };
export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Denies every navigation away from the loaded page, every window.open and every webview. */
export function hardenWebContents(contents: WebContentsLike): void {
  // The UI is one page with hash routes: a real navigation is never ours.
  contents.on('will-navigate', (event: Preventable) => event.preventDefault());
  contents.on('will-redirect', (event: Preventable) => event.preventDefault());
  contents.on('will-attach-webview', (event: Preventable) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** The UI needs no permission (camera, notifications, clipboard …): every request and check says no. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
