// The object the preload exposes as window.tokenbench: each verb of common/api-verbs.ts an
// ipcRenderer.invoke on its channel, onRunEvent a listener on the event channel.
import type { IpcRendererEvent } from 'electron';
import type { RunEvent } from '../../common/api.js';
import { verbCalls, type ApiVerb, type TokenbenchApi, type VerbArgs, type VerbResult } from '../../common/api-verbs.js';
import { RUN_EVENT_CHANNEL, verbChannel, type IpcAnswer } from './channels.js';

/** The part of Electron's ipcRenderer the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, payload: RunEvent) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, payload: RunEvent) => void): unknown;
}

export function createPreloadApi(ipc: IpcRendererLike): TokenbenchApi {
  const invoke =
    <V extends ApiVerb>(verb: V) =>
    async (...args: VerbArgs<V>): Promise<VerbResult<V>> => {
      // main's handler for this channel answers with this verb's result (main/app/ipc.ts).
      const answer = (await ipc.invoke(verbChannel(verb), ...args)) as IpcAnswer<VerbResult<V>>;
      if (!answer.ok) throw new Error(answer.error);
      return answer.result;
    };
  return {
    ...verbCalls(invoke),
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
