import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appProtocolResponse, APP_CSP, APP_SCHEME_PRIVILEGES, enforceAppCsp } from '../../main/app/protocol.js';
import type { BrowserWindowConstructorOptions, WebRequest } from 'electron';
import { parseRoute } from '../../common/app-routes.js';
import {
  createAppWindow,
  denyAllPermissions,
  hardenWebContents,
  runPageUrl,
  windowPageUrl,
  windowUrl,
  type SessionLike,
  type WebContentsLike,
} from '../../main/app/window.js';

describe('hardened windows', () => {
  it('every window kind gets context isolation, the sandbox, no Node, no webviews, our preload', () => {
    const made: BrowserWindowConstructorOptions[] = [];
    class FakeBrowserWindow {
      constructor(readonly options: BrowserWindowConstructorOptions) {
        made.push(options);
      }
    }
    for (const kind of ['popover', 'dashboard'] as const) {
      const win = createAppWindow(FakeBrowserWindow, kind, '/app/preload.cjs');
      expect(win).toBeInstanceOf(FakeBrowserWindow);
      expect(win.options.webPreferences).toEqual({
        preload: '/app/preload.cjs',
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
      });
      expect(win.options.show).toBe(false);
    }
    expect(made[0]).toMatchObject({ frame: false, skipTaskbar: true, width: 380 });
    expect(made[1]).toMatchObject({ width: 1180 });
    expect(windowUrl('popover')).toBe('app://tokenbench/app.html#/popover');
  });

  it("a run's page is the renderer's run route", () => {
    const [page, hash] = runPageUrl('2025-01-02T03-04-05_llama3.2').split('#');
    expect(page).toBe(windowUrl('dashboard').split('#')[0]);
    expect(parseRoute(`#${hash}`)).toEqual({ name: 'run', runId: '2025-01-02T03-04-05_llama3.2' });
  });

  it('the pages the popover opens in the dashboard window: live view, dashboard, history, playback', () => {
    const id = '2025-01-02T03-04-05_llama3.2';
    expect(windowPageUrl({ page: 'live', runId: id })).toBe(`app://tokenbench/app.html#/live/${id}`);
    expect(parseRoute(`#${windowPageUrl({ page: 'live', runId: id }).split('#')[1]}`)).toEqual({ name: 'live', runId: id });
    expect(windowPageUrl({ page: 'run', runId: id })).toBe(runPageUrl(id));
    expect(windowPageUrl({ page: 'history' })).toBe('app://tokenbench/app.html#/history');
    expect(windowPageUrl({ page: 'playback', runId: id })).toBe(`app://tokenbench/playback.html?run=${encodeURIComponent(id)}`);
    expect(windowPageUrl({ page: 'playback' })).toBe('app://tokenbench/playback.html');
  });

  it('navigation, redirects and webviews are prevented; window.open is denied', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: unknown) => unknown) | null = null;
    const contents = {
      on(event: string, listener: (event: { preventDefault(): void }) => void) {
        handlers.set(event, listener);
        return contents;
      },
      setWindowOpenHandler(handler: (details: unknown) => unknown) {
        openHandler = handler;
      },
    };
    hardenWebContents(contents as unknown as WebContentsLike);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      handlers.get(name)!({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('every permission request and check is denied', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let check: ((...args: unknown[]) => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    denyAllPermissions(session as unknown as SessionLike);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const answers: boolean[] = [];
      request!({}, permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
      expect(check!({}, permission, 'app://tokenbench', {})).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokenbench-protocol-'));
  writeFileSync(join(dir, 'app.html'), '<!doctype html>');
  writeFileSync(join(dir, 'app.js'), 'x');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves renderer files with a CSP that forbids any network from the page', async () => {
    const page = await appProtocolResponse('app://tokenbench/app.html', 'GET', dir);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html>');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).not.toMatch(/unsafe-(inline|eval)/);
    expect(APP_CSP).toMatch(/script-src app:\/\/tokenbench;/);
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
  });

  it('refuses other hosts, paths outside the folder, unknown types and non-GET methods', async () => {
    for (const url of [
      'app://other/app.html',
      'app://tokenbench/../secret.html',
      'app://tokenbench/%2e%2e%2fsecret.html',
      'app://tokenbench/sub/app.js',
      'app://tokenbench/run.json',
      'app://tokenbench/missing.js',
    ]) {
      expect((await appProtocolResponse(url, 'GET', dir)).status, url).toBe(404);
    }
    expect((await appProtocolResponse('app://tokenbench/app.js', 'POST', dir)).status).toBe(405);
  });

  it('answers a malformed % escape with 404, not a rejected handler', async () => {
    for (const url of ['app://tokenbench/%E0%A4%A', 'app://tokenbench/app%zz.js', 'app://tokenbench/%']) {
      const answer = await appProtocolResponse(url, 'GET', dir);
      expect([url, answer.status]).toEqual([url, 404]);
    }
  });

  it('adds the same CSP to every response of the session, keeping the other headers', () => {
    let listener: ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: unknown) => void) => void) | null = null;
    enforceAppCsp({ onHeadersReceived: (l: typeof listener) => (listener = l) } as unknown as Pick<WebRequest, 'onHeadersReceived'>);
    let answer: unknown = null;
    listener!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (answer = r));
    expect(answer).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [APP_CSP] } });
  });
});
