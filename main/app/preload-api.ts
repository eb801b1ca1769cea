// The object the preload exposes as window.tokenbench: each verb an ipcRenderer.invoke on its channel,
// onRunEvent a listener on the event channel. Listing every verb makes a missing one a compile error.
import type { IpcRendererEvent } from 'electron';
import type { ApiVerb, RunEvent, TokenbenchApi } from '../../common/api.js';
import { RUN_EVENT_CHANNEL, VERB_CHANNELS, type IpcAnswer } from './channels.js';

/** The part of Electron's ipcRenderer the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, payload: RunEvent) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, payload: RunEvent) => void): unknown;
}

export function createPreloadApi(ipc: IpcRendererLike): TokenbenchApi {
  const invoke =
    <V extends ApiVerb>(verb: V) =>
    async (...args: unknown[]): Promise<never> => {
      const answer = (await ipc.invoke(VERB_CHANNELS[verb], ...args)) as IpcAnswer;
      if (!answer.ok) throw new Error(answer.error);
      return answer.result as never;
    };
  return {
    getStatus: invoke('getStatus'),
    getSettings: invoke('getSettings'),
    saveSettings: invoke('saveSettings'),
    startRun: invoke('startRun'),
    cancelRun: invoke('cancelRun'),
    listRuns: invoke('listRuns'),
    getRun: invoke('getRun'),
    getRequest: invoke('getRequest'),
    deleteRun: invoke('deleteRun'),
    saveReport: invoke('saveReport'),
    onRunEvent(listener: (event: RunEvent) => void) {
      // Only the event reaches the page, never Electron's IpcRendererEvent (it exposes `sender`).
      const relay = (_event: IpcRendererEvent, payload: RunEvent): void => listener(payload);
      ipc.on(RUN_EVENT_CHANNEL, relay);
      return () => {
        ipc.removeListener(RUN_EVENT_CHANNEL, relay);
      };
    },
  };
}
