// IPC channel names shared by main (ipc.ts) and the preload: one per verb of common/api-verbs.ts plus
// one event channel.
import type { ApiVerb } from '../../common/api-verbs.js';

export function verbChannel<V extends ApiVerb>(verb: V): `tokenbench:${V}` {
  return `tokenbench:${verb}`;
}

/** main → renderer: one RunEvent per message. */
export const RUN_EVENT_CHANNEL = 'tokenbench:run-event';

/** The only origin whose frames may call the API: the UI served by our app:// protocol. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokenbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What an invoke handler answers: errors travel as data so the renderer sees our one-line message, not Electron's wrapper. */
export type IpcAnswer<Result = unknown> = { ok: true; result: Result } | { ok: false; error: string };
