// IPC channel names shared by main (ipc.ts) and the preload; one per verb plus one event channel.
import type { ApiVerb } from '../../common/api.js';

export const VERB_CHANNELS: { readonly [V in ApiVerb]: `tokenbench:${V}` } = {
  getStatus: 'tokenbench:getStatus',
  getSettings: 'tokenbench:getSettings',
  saveSettings: 'tokenbench:saveSettings',
  startRun: 'tokenbench:startRun',
  cancelRun: 'tokenbench:cancelRun',
  listRuns: 'tokenbench:listRuns',
  getRun: 'tokenbench:getRun',
  getRequest: 'tokenbench:getRequest',
  deleteRun: 'tokenbench:deleteRun',
  saveReport: 'tokenbench:saveReport',
};

/** main → renderer: one RunEvent per message. */
export const RUN_EVENT_CHANNEL = 'tokenbench:run-event';

/** The only origin whose frames may call the API: the UI served by our app:// protocol. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokenbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What an invoke handler answers: errors travel as data so the renderer sees our one-line message, not Electron's wrapper. */
export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: string };
