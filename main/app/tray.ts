// The menu-bar presence: a tray icon that tells the run state (idle, running, done, failed) and whose
// click toggles a popover anchored under (or above) it, whose title shows the run's progress, with a
// context menu. Where there is no tray (many Linux desktops) the app shows a normal window instead.
// Electron objects come in through `TrayControllerDeps`.
import type { Rectangle } from 'electron';
import type { RunEvent } from '../../common/api.js';

/** What the icon tells: no run (or the last one was cancelled), a run going on, the last run done or failed. */
export type TrayState = 'idle' | 'running' | 'done' | 'failed';

/** `I` is the icon (Electron: a NativeImage). */
export interface TrayLike<M, I> {
  setImage(image: I): void;
  setToolTip(text: string): void;
  setTitle(title: string): void;
  getBounds(): Rectangle;
  on(event: 'click' | 'right-click', listener: () => void): unknown;
  popUpContextMenu(menu?: M): void;
  setContextMenu(menu: M | null): void;
}

export interface PanelLike {
  isVisible(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  setPosition(x: number, y: number): void;
  getSize(): number[];
  on(event: 'blur', listener: () => void): unknown;
}

export interface ScreenLike {
  getDisplayNearestPoint(point: { x: number; y: number }): { workArea: Rectangle };
}

export interface MenuItemSpec {
  label?: string;
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayActions {
  run(): void;
  cancel(): void;
  openDashboard(): void;
  quit(): void;
}

export interface TrayControllerDeps<M, I> {
  platform: NodeJS.Platform;
  /** False where a tray icon would not show (see `trayIsAvailable`): the app opens a normal window. */
  trayAvailable: boolean;
  createTray(icon: I): TrayLike<M, I>;
  /** The icon of a state (asked again on `refreshIcon`, e.g. after the bar changed colour). */
  trayIcon(state: TrayState): I;
  /** The frameless popover shown from the tray. */
  createPopover(): PanelLike;
  /** The normal window of the no-tray fallback. */
  createWindow(): PanelLike;
  screen: ScreenLike;
  /** Menu.buildFromTemplate. */
  buildMenu(items: MenuItemSpec[]): M;
  actions: TrayActions;
}

/**
 * Electron cannot tell whether a Linux desktop shows tray icons (GNOME does not without an extension);
 * where unsure, a normal window is the safe choice. TOKENBENCH_TRAY=1/0 overrides.
 */
export function trayIsAvailable(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (env.TOKENBENCH_TRAY === '1') return true;
  if (env.TOKENBENCH_TRAY === '0') return false;
  if (platform !== 'linux') return true;
  const desktop = (env.XDG_CURRENT_DESKTOP ?? '').toUpperCase();
  return ['KDE', 'XFCE', 'LXQT', 'MATE', 'CINNAMON', 'BUDGIE', 'UNITY', 'DEEPIN'].some((d) => desktop.includes(d));
}

/**
 * Where the popover goes: centred on the tray icon, under it when the icon is in the top half of the
 * screen (macOS menu bar), above it otherwise (Windows taskbar), kept inside the work area.
 */
export function popoverPosition(tray: Rectangle, size: { width: number; height: number }, workArea: Rectangle): { x: number; y: number } {
  const gap = 4;
  const centreX = Math.round(tray.x + tray.width / 2 - size.width / 2);
  const x = Math.min(Math.max(centreX, workArea.x + gap), workArea.x + workArea.width - size.width - gap);
  const trayInTopHalf = tray.y + tray.height / 2 < workArea.y + workArea.height / 2;
  const below = Math.max(tray.y + tray.height + gap, workArea.y + gap);
  const above = Math.min(tray.y - size.height - gap, workArea.y + workArea.height - size.height - gap);
  return { x, y: trayInTopHalf ? below : above };
}

/** The tray title for a run event: "2/4 50%" during a level; empty when the run ended; null = unchanged. */
export function trayTitleFor(event: RunEvent): string | null {
  if (event.type === 'finished') return '';
  if (event.type !== 'progress') return null;
  const level = `${event.levelIndex + 1}/${event.levelCount}`;
  if (event.total === null || event.total === 0) return `${level} ${event.done}`;
  return `${level} ${Math.min(100, Math.round((event.done / event.total) * 100))}%`;
}

/**
 * The state a run event puts the icon in. A cancelled run shows idle: the user stopped it (or quit), so
 * there is no result to call attention to. `interrupted` (a run that died with the app) counts as failed.
 */
export function trayStateFor(event: RunEvent): TrayState {
  if (event.type !== 'finished') return 'running';
  switch (event.status) {
    case 'completed':
      return 'done';
    case 'failed':
    case 'interrupted':
      return 'failed';
    case 'cancelled':
    case 'running':
      return 'idle';
  }
}

export class TrayController<M, I> {
  readonly mode: 'tray' | 'window';
  private tray: TrayLike<M, I> | null = null;
  private panel: PanelLike | null = null;
  private state: TrayState = 'idle';

  constructor(private readonly deps: TrayControllerDeps<M, I>) {
    this.mode = deps.trayAvailable ? 'tray' : 'window';
  }

  start(): void {
    if (this.mode === 'window') {
      this.panel = this.deps.createWindow();
      this.panel.show();
      return;
    }
    const tray = this.deps.createTray(this.deps.trayIcon(this.state));
    this.tray = tray;
    tray.setToolTip('Tokenbench');
    tray.on('click', () => this.toggle());
    tray.on('right-click', () => tray.popUpContextMenu(this.menu()));
    // Linux trays open the context menu on click and never emit 'click' without one set.
    if (this.deps.platform === 'linux') tray.setContextMenu(this.menu());
    // Made (and loaded) now, hidden, so the first click shows a ready page instead of a blank panel.
    this.popover();
  }

  /**
   * Shows the popover under the tray icon, or hides it when it is showing. Showing it is seeing the
   * result: done and failed go back to idle.
   */
  toggle(): void {
    if (!this.tray) return;
    const panel = this.popover();
    if (panel.isVisible()) {
      panel.hide();
      return;
    }
    if (this.state === 'done' || this.state === 'failed') this.setState('idle');
    const bounds = this.tray.getBounds();
    const [width = 0, height = 0] = panel.getSize();
    const { workArea } = this.deps.screen.getDisplayNearestPoint({ x: bounds.x, y: bounds.y });
    const { x, y } = popoverPosition(bounds, { width, height }, workArea);
    panel.setPosition(x, y);
    panel.show();
    panel.focus();
  }

  /** Follows a run: the icon shows its state, the title its progress, the menu's Run/Cancel follow it. */
  onRunEvent(event: RunEvent): void {
    const title = trayTitleFor(event);
    if (title !== null) this.setProgressTitle(title);
    const state = trayStateFor(event);
    if (state === this.state) return;
    const wasRunning = this.state === 'running';
    this.setState(state);
    if (wasRunning !== (state === 'running') && this.tray && this.deps.platform === 'linux') this.tray.setContextMenu(this.menu());
  }

  /** Sets the current state's icon again (the menu bar or taskbar changed colour). */
  refreshIcon(): void {
    this.tray?.setImage(this.deps.trayIcon(this.state));
  }

  private setState(state: TrayState): void {
    this.state = state;
    this.refreshIcon();
  }

  private setProgressTitle(title: string): void {
    if (!this.tray) return;
    // Only macOS shows text next to the icon; elsewhere the tooltip carries it.
    if (this.deps.platform === 'darwin') this.tray.setTitle(title);
    this.tray.setToolTip(title === '' ? 'Tokenbench' : `Tokenbench — ${title}`);
  }

  private popover(): PanelLike {
    if (!this.panel) {
      const panel = this.deps.createPopover();
      panel.on('blur', () => panel.hide());
      this.panel = panel;
    }
    return this.panel;
  }

  private menu(): M {
    const { actions } = this.deps;
    return this.deps.buildMenu([
      { label: 'Run', enabled: this.state !== 'running', click: () => actions.run() },
      { label: 'Cancel', enabled: this.state === 'running', click: () => actions.cancel() },
      { label: 'Open dashboard', click: () => actions.openDashboard() },
      { type: 'separator' },
      { label: 'Quit', click: () => actions.quit() },
    ]);
  }
}
