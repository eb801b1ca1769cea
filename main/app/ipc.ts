// ipcMain.handle for every verb: the sender must be a top-level frame of our app:// origin, and the
// payload must pass its verb's schema, before the service runs. Errors go back as one-line messages.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { RunEvent } from '../../common/api.js';
import { API_VERBS } from '../../common/api-verbs.js';
import { APP_ORIGIN, RUN_EVENT_CHANNEL, verbChannel, type IpcAnswer } from './channels.js';
import { isUserFacingError, type AppService } from './service.js';
import { callVerb, PayloadError } from './verbs.js';

/** The part of Electron's ipcMain this module uses (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcAnswer>): void;
  removeHandler(channel: string): void;
}

/** Sender frame of our UI: app://tokenbench/…, the main frame of its window (no iframes). */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return `${url.protocol}//${url.host}` === APP_ORIGIN && frame.parent === null;
}

export interface RegisterIpcOptions {
  /** Each rejected call, for the log. */
  onRejected?(channel: string, reason: string): void;
}

/** Registers every verb's handler; returns the function that removes them. */
export function registerIpcHandlers(ipcMain: IpcMainLike, service: AppService, options: RegisterIpcOptions = {}): () => void {
  for (const verb of API_VERBS) {
    const channel = verbChannel(verb);
    ipcMain.handle(channel, async (event, ...args): Promise<IpcAnswer> => {
      if (!isTrustedSender(event)) {
        const reason = `refused: sender ${event.senderFrame?.url ?? '(gone)'} is not ${APP_ORIGIN}`;
        options.onRejected?.(channel, reason);
        return { ok: false, error: reason };
      }
      try {
        return { ok: true, result: (await callVerb(service, verb, args)) ?? null };
      } catch (err) {
        if (err instanceof PayloadError) {
          options.onRejected?.(channel, err.message);
          return { ok: false, error: err.message };
        }
        if (isUserFacingError(err)) return { ok: false, error: err.message };
        return { ok: false, error: `internal error: ${err instanceof Error ? err.message : String(err)}` };
      }
    });
  }
  return () => {
    for (const verb of API_VERBS) ipcMain.removeHandler(verbChannel(verb));
  };
}

/** Sends every run event to the UI windows alive at that moment; returns the unsubscribe function. */
export function forwardRunEvents(service: Pick<AppService, 'onRunEvent'>, targets: () => Array<Pick<WebContents, 'send' | 'isDestroyed'>>): () => void {
  return service.onRunEvent((event: RunEvent) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(RUN_EVENT_CHANNEL, event);
  });
}
