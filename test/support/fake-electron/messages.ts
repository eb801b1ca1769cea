// What the booted app's process (test/support/fake-electron/electron.ts) and the test that forked it
// (boot-app.ts) say to each other over Node's IPC channel.

/** One call the app made into Electron, in order; functions appear as "[function]", images as their path. */
export interface JournalEntry {
  seq: number;
  /** `app.requestSingleInstanceLock`, `new Tray`, `Tray.setImage`, `webContents.send`, … */
  call: string;
  args: unknown[];
  /** The fake object the call was made on (windows, trays, menus, notifications share one numbering). */
  target: number | null;
  /** Whether the app was ready when the call was made. */
  afterReady: boolean;
}

export type FakeTarget = 'app' | 'tray' | 'window' | 'webContents' | 'notification' | 'nativeTheme';

/** test → app */
export type Command =
  /** ipcMain's handler for `channel`, called as a frame at `frameUrl` (a top-level frame) would call it. */
  | { cmd: 'invoke'; channel: string; frameUrl: string; args: unknown[] }
  /** The handler registered with protocol.handle for the URL's scheme. */
  | { cmd: 'fetch'; url: string; method?: string }
  /** Emits `event` on a fake object; the first listener argument is a preventable event. */
  | { cmd: 'emit'; target: FakeTarget; id?: number; event: string }
  /** Clicks the item labelled `label` of menu `id` (a Menu.buildFromTemplate result). */
  | { cmd: 'menu-click'; id: number; label: string };

export interface CommandMessage {
  id: number;
  command: Command;
}

export interface FetchAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** app → test */
export type ChildMessage =
  | { type: 'journal'; entry: JournalEntry }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };
