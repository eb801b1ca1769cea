// ipc.ts and preload-api.ts with a hand-written ipcMain/ipcRenderer pair: the real handlers, the real
// service, only Electron's transport faked (Electron cannot run here).
import type { IpcMainInvokeEvent, IpcRendererEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../common/api.js';
import { API_VERBS, type ApiVerb } from '../../common/api-verbs.js';
import { RUN_EVENT_CHANNEL, verbChannel, type IpcAnswer } from '../../main/app/channels.js';
import { forwardRunEvents, registerIpcHandlers, type IpcMainLike } from '../../main/app/ipc.js';
import { createPreloadApi, type IpcRendererLike } from '../../main/app/preload-api.js';
import { DEFAULT_SETTINGS } from '../../common/settings.js';
import { makeAppFixture, type AppFixture } from './app-fixtures.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcAnswer>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does on ipcRenderer.invoke from a frame at `frameUrl`. */
  invoke(channel: string, frameUrl: string | null, args: unknown[], parent: object | null = null): Promise<IpcAnswer> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const senderFrame = frameUrl === null ? null : { url: frameUrl, parent };
    return handler({ senderFrame } as unknown as IpcMainInvokeEvent, ...args);
  }
}

const APP_PAGE = 'app://tokenbench/app.html#/popover';
let app: AppFixture;
let ipcMain: FakeIpcMain;
let unregister: () => void;
let rejected: string[];

beforeEach(() => {
  app = makeAppFixture();
  ipcMain = new FakeIpcMain();
  rejected = [];
  unregister = registerIpcHandlers(ipcMain, app.service, { onRejected: (_c, reason) => rejected.push(reason) });
});
afterEach(async () => {
  unregister();
  await app.cleanup();
});

describe('IPC handlers', () => {
  it('registers one handler per verb, and removes them all', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_VERBS.map((v) => verbChannel(v)).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our app:// page', async () => {
    expect(await ipcMain.invoke(verbChannel('getSettings'), APP_PAGE, [])).toEqual({ ok: true, result: DEFAULT_SETTINGS });
  });

  it('rejects a foreign sender frame before touching the service', async () => {
    const mine = { ...DEFAULT_SETTINGS, model: 'mine' };
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/app.html', 'http://127.0.0.1:1234/', 'not a url']) {
      const answer = await ipcMain.invoke(verbChannel('saveSettings'), url, [mine]);
      expect(answer).toEqual({ ok: false, error: expect.stringMatching(/^refused: sender .* is not app:\/\/tokenbench/) });
    }
    expect((await ipcMain.invoke(verbChannel('getSettings'), null, [])).ok).toBe(false);
    // An iframe inside our page is not our page.
    expect((await ipcMain.invoke(verbChannel('getSettings'), APP_PAGE, [], { url: APP_PAGE })).ok).toBe(false);
    expect((await app.service.getSettings()).model).toBeNull();
    expect(rejected).toHaveLength(7);
  });

  it('rejects a malformed payload with the verb and the bad argument named', async () => {
    const cases: Array<[ApiVerb, unknown[], RegExp]> = [
      ['saveSettings', [{ ...DEFAULT_SETTINGS, url: 42 }], /^saveSettings: invalid argument 0\.url/],
      ['saveSettings', [{ ...DEFAULT_SETTINGS, extra: true }], /^saveSettings: invalid argument 0/],
      ['getRun', ['../../../etc/passwd'], /^getRun: invalid argument 0/],
      ['getRun', [], /^getRun: invalid/],
      ['getRequest', ['run', 1.5, 0], /^getRequest: invalid argument 1/],
      ['saveReport', ['run', 'exe'], /^saveReport: invalid argument 1/],
      ['deleteRun', [{ toString: 'x' }], /^deleteRun: invalid argument 0/],
    ];
    for (const [verb, args, error] of cases) {
      expect(await ipcMain.invoke(verbChannel(verb), APP_PAGE, args)).toEqual({ ok: false, error: expect.stringMatching(error) });
    }
  });

  it('the preload API round-trips through the handlers and turns errors into rejections', async () => {
    type Listener = (event: IpcRendererEvent, payload: RunEvent) => void;
    const listeners = new Map<string, Set<Listener>>();
    const renderer: IpcRendererLike = {
      invoke: (channel: string, ...args: unknown[]) => ipcMain.invoke(channel, APP_PAGE, args),
      on(channel: string, listener: Listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
        return renderer;
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
        return renderer;
      },
    };
    const bridge = createPreloadApi(renderer);
    const saved = await bridge.saveSettings({ ...DEFAULT_SETTINGS, model: 'llama3.2' });
    expect(saved.model).toBe('llama3.2');
    expect((await bridge.getSettings()).model).toBe('llama3.2');
    await expect(bridge.getRun('missing-run')).rejects.toThrow(/^no run missing-run/);

    // main → renderer: every live window gets the event; the page's listener gets the event only.
    let emit: (event: RunEvent) => void = () => undefined;
    const source = {
      onRunEvent(listener: (event: RunEvent) => void) {
        emit = listener;
        return () => (emit = () => undefined);
      },
    };
    const got: unknown[] = [];
    const off = bridge.onRunEvent((...args: unknown[]) => got.push(args));
    const deliver = (channel: string, event: RunEvent): void => {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc-renderer-event' } as unknown as IpcRendererEvent, event);
    };
    const dead = { isDestroyed: () => true, send: () => expect.fail('sent to a destroyed window') };
    const stop = forwardRunEvents(source, () => [dead, { isDestroyed: () => false, send: deliver }]);
    const finished: RunEvent = { type: 'finished', runId: 'r', status: 'completed', reason: null };
    emit(finished);
    expect(got).toEqual([[finished]]);
    off();
    expect(listeners.get(RUN_EVENT_CHANNEL)?.size).toBe(0);
    stop();
    emit(finished);
    expect(got).toHaveLength(1);
  });
});
